package com.seqtag.store;

import com.seqtag.model.EmbeddingStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.support.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading model artifacts: round trip, checksums, and the bundled model. */
class ModelArtifactTest {

    private static ModelArtifact trained;

    @TempDir
    Path directory;

    @BeforeAll
    static void train() {
        trained = TinyModels.artifact();
    }

    @Test
    void roundTripKeepsManifestVocabularyAndPredictions() throws IOException {
        Path file = directory.resolve("model.seqtag");
        ModelManifest written = trained.write(file);
        ModelArtifact loaded = ModelArtifact.read(file);

        // The free-form training description comes back as plain JSON values; the rest is identical.
        assertThat(loaded.manifest()).usingRecursiveComparison().ignoringFields("training").isEqualTo(written);
        assertThat(loaded.manifest().training()).containsKeys("config", "trainSentences", "fixture");
        assertThat(written.entryChecksums()).containsKeys("network.bin", "vocabulary.txt");
        assertThat(loaded.vocabulary().entries()).isEqualTo(trained.vocabulary().entries());
        assertThat(loaded.manifest().entityTypes()).containsExactly("LOC", "MISC", "ORG", "PER");
        List<List<String>> sentences = List.of(List.of("Anna", "Berg", "visited", "Oslo", "."));
        EmbeddingStore none = EmbeddingStore.withBundled();
        assertThat(loaded.tagger(none).probabilities(sentences))
                .isDeepEqualTo(trained.tagger(none).probabilities(sentences));
    }

    @Test
    void writeLeavesNoTemporaryFiles() throws IOException {
        trained.write(directory.resolve("a.seqtag"));
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.seqtag");
        }
    }

    @Test
    void refusesACorruptedFile() throws IOException {
        Path file = directory.resolve("model.seqtag");
        trained.write(file);
        byte[] bytes = Files.readAllBytes(file);
        // Flip a byte in the middle (inside the stored network weights).
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);

        assertThatThrownBy(() -> ModelArtifact.read(file)).isInstanceOf(IOException.class);
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path file = directory.resolve("model.seqtag");
        trained.write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 3));

        assertThatThrownBy(() -> ModelArtifact.read(file)).isInstanceOf(IOException.class);
    }

    @Test
    void refusesAFileThatIsNotAModel() throws IOException {
        Path file = directory.resolve("model.seqtag");
        Files.writeString(file, "not a zip");

        assertThatThrownBy(() -> ModelArtifact.read(file))
                .isInstanceOf(ModelArtifact.InvalidModelException.class)
                .hasMessageContaining("manifest.json");
    }
}
