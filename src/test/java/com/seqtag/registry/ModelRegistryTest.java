package com.seqtag.registry;

import com.seqtag.model.EmbeddingStore;
import com.seqtag.store.BundledModel;
import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import com.seqtag.store.ModelStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.seqtag.support.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Which model serves at start-up, and what happens when the stored one is damaged. */
class ModelRegistryTest {

    private final EmbeddingStore embeddings = EmbeddingStore.withBundled();

    @TempDir
    Path directory;

    @Test
    void answersNotReadyBeforeAModelIsLoaded() {
        ModelRegistry registry = new ModelRegistry(new FileSystemModelStore(directory), embeddings);
        assertThat(registry.isReady()).isFalse();
        assertThatThrownBy(registry::active).isInstanceOf(ModelNotReadyException.class);
    }

    @Test
    void loadsTheModelNamedInActive() throws IOException {
        write("chosen", 0);
        write("newer", 10);
        Files.writeString(directory.resolve(FileSystemModelStore.ACTIVE_FILE), "chosen\n");

        LoadedModel loaded = new ModelRegistry(new FileSystemModelStore(directory), embeddings).loadInitial();
        assertThat(loaded.version()).isEqualTo("chosen");
    }

    @Test
    void withoutActiveLoadsTheNewestStoredModel() throws IOException {
        write("older", 0);
        write("newer", 10);
        ModelRegistry registry = new ModelRegistry(new FileSystemModelStore(directory), embeddings);

        registry.loadInitial();
        assertThat(registry.active().version()).isEqualTo("newer");
    }

    @Test
    void servesTheBundledModelWhenTheDirectoryIsEmptyOrUnset() throws IOException {
        String bundled = BundledModel.read().manifest().version();
        assertThat(new ModelRegistry(new FileSystemModelStore(directory), embeddings).loadInitial().version()).isEqualTo(bundled);
        assertThat(new ModelRegistry(ModelStore.none(), embeddings).loadInitial().version()).isEqualTo(bundled);
    }

    @Test
    void fallsBackToTheBundledModelWhenTheStoredOneIsCorrupted() throws IOException {
        write("broken", 0);
        Path file = directory.resolve("broken.seqtag");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(directory.resolve(FileSystemModelStore.ACTIVE_FILE), "broken");

        LoadedModel loaded = new ModelRegistry(new FileSystemModelStore(directory), embeddings).loadInitial();
        assertThat(loaded.version()).isEqualTo(BundledModel.read().manifest().version());
    }

    @Test
    void fallsBackToTheLastGoodModelWhenTheActiveOneIsCorruptedAndSaysSo() throws IOException {
        write("good-1", 0);
        write("good-2", 10);
        write("damaged", 20);
        ModelRegistry before = new ModelRegistry(new FileSystemModelStore(directory), embeddings);
        before.loadInitial();
        before.activateVersion("good-1");
        before.activateVersion("good-2");
        before.activateVersion("damaged");
        Path file = directory.resolve("damaged.seqtag");
        byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] ^= 0x5A;
        }
        Files.write(file, bytes);

        List<ILoggingEvent> logged = captureLog();
        LoadedModel loaded = new ModelRegistry(new FileSystemModelStore(directory), embeddings).loadInitial();

        assertThat(loaded.version()).as("the model active before the damaged one").isEqualTo("good-2");
        assertThat(logged).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains("model damaged in model directory " + directory)
                    .contains("is refused").contains("last good model");
        });
    }

    @Test
    void removesTheTemporaryFileOfAWriteACrashInterrupted() throws IOException {
        write("good", 0);
        Path leftover = directory.resolve("next.seqtag8412.tmp");
        Files.write(leftover, new byte[] {'P', 'K', 3, 4});

        ModelRegistry registry = new ModelRegistry(new FileSystemModelStore(directory), embeddings);
        assertThat(registry.loadInitial().version()).isEqualTo("good");
        assertThat(leftover).doesNotExist();
        assertThat(registry.versions()).extracting(ModelVersion::version).doesNotContain("next");
    }

    @Test
    void tellsItsListenerEveryModelThatStartsServing() throws IOException {
        write("first", 0);
        write("second", 10);
        List<String> activated = new ArrayList<>();
        ModelRegistry registry = new ModelRegistry(new FileSystemModelStore(directory), embeddings,
                (version, precision) -> activated.add(version + " " + precision));

        registry.loadInitial();
        registry.activateVersion("first");

        // The registry's default precision is fp32, the exact one.
        assertThat(activated).containsExactly("second fp32", "first fp32");
    }

    private static List<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(ModelRegistry.class)).addAppender(appender);
        return appender.list;
    }

    /** Stores the tiny model as version {@code version}, modified {@code ageOffset} seconds after a fixed time. */
    private void write(String version, int ageOffset) throws IOException {
        ModelArtifact tiny = TinyModels.artifact();
        ModelManifest m = tiny.manifest();
        ModelManifest renamed = new ModelManifest(m.formatVersion(), version, m.createdAt(), m.config(), m.training(),
                m.labels(), m.embeddings(), m.vocabularySize(), m.trainingDataSha256(), m.metrics(), m.entryChecksums());
        Path file = directory.resolve(version + ModelArtifact.EXTENSION);
        new ModelArtifact(renamed, tiny.network(), tiny.vocabulary(), tiny.characters()).write(file);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(ageOffset)));
    }
}
