package com.seqtag.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Which model serves at start-up, and what happens when the stored one is damaged. */
class ModelRegistryTest {

    private final EmbeddingStore embeddings = EmbeddingStore.withBundled();

    @TempDir
    Path directory;

    @Test
    void answersNotReadyBeforeAModelIsLoaded() {
        ModelRegistry registry = new ModelRegistry(directory, embeddings);
        assertThat(registry.isReady()).isFalse();
        assertThatThrownBy(registry::active).isInstanceOf(ModelNotReadyException.class);
    }

    @Test
    void loadsTheModelNamedInActive() throws IOException {
        write("chosen", 0);
        write("newer", 10);
        Files.writeString(directory.resolve(ModelRegistry.ACTIVE_FILE), "chosen\n");

        LoadedModel loaded = new ModelRegistry(directory, embeddings).loadInitial();
        assertThat(loaded.version()).isEqualTo("chosen");
    }

    @Test
    void withoutActiveLoadsTheNewestStoredModel() throws IOException {
        write("older", 0);
        write("newer", 10);
        ModelRegistry registry = new ModelRegistry(directory, embeddings);

        registry.loadInitial();
        assertThat(registry.active().version()).isEqualTo("newer");
    }

    @Test
    void servesTheBundledModelWhenTheDirectoryIsEmptyOrUnset() throws IOException {
        String bundled = ModelRegistry.readBundled().manifest().version();
        assertThat(new ModelRegistry(directory, embeddings).loadInitial().version()).isEqualTo(bundled);
        assertThat(new ModelRegistry(null, embeddings).loadInitial().version()).isEqualTo(bundled);
    }

    @Test
    void fallsBackToTheBundledModelWhenTheStoredOneIsCorrupted() throws IOException {
        write("broken", 0);
        Path file = directory.resolve("broken.seqtag");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(directory.resolve(ModelRegistry.ACTIVE_FILE), "broken");

        LoadedModel loaded = new ModelRegistry(directory, embeddings).loadInitial();
        assertThat(loaded.version()).isEqualTo(ModelRegistry.readBundled().manifest().version());
    }

    @Test
    void tellsItsListenerEveryModelThatStartsServing() throws IOException {
        write("first", 0);
        write("second", 10);
        List<String> activated = new ArrayList<>();
        ModelRegistry registry = new ModelRegistry(directory, embeddings, activated::add);

        registry.loadInitial();
        registry.activateVersion("first");

        assertThat(activated).containsExactly("second", "first");
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
