package com.seqtag.support;

import com.seqtag.data.ConllReader;
import com.seqtag.data.LabeledSentence;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.ModelConfig;
import com.seqtag.model.Optimization;
import com.seqtag.registry.LoadedModel;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import com.seqtag.store.ModelStore;
import com.seqtag.training.Trainer;
import com.seqtag.training.TrainingConfig;
import com.seqtag.training.TrainingListener;
import com.seqtag.training.TrainingResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Trains tiny real models on the invented fixtures in a few seconds, for tests. */
public final class TinyModels {

    /** A small network without pretrained vectors: learned embeddings and casing features only. */
    public static final ModelConfig CONFIG = new ModelConfig(ModelConfig.CellType.LSTM,
            ModelConfig.Direction.BIDIRECTIONAL_CONCAT, 1, 16, 0.0, false, false, 16, 0, 1, true, 8, 8, ModelConfig.Decoding.VITERBI, false);

    /** Enough epochs for the fixtures' patterns to be learned. */
    public static final TrainingConfig TRAINING = new TrainingConfig(20, 4, 0.02, 1.0,
            Optimization.GradientClipping.L2_PER_LAYER, 5.0, 0, 20, 7, 0.0);

    private static TrainingResult shared;

    private TinyModels() {
    }

    /**
     * The tiny model trained once per test JVM and shared by tests that only read it, so the suite
     * does not spend its time retraining the same network.
     */
    public static synchronized TrainingResult shared() {
        if (shared == null) {
            shared = train();
        }
        return shared;
    }

    /** Reads a fixture from {@code src/test/resources/fixtures}. */
    public static List<LabeledSentence> fixture(String name) {
        return new ConllReader().parse(fixtureText(name));
    }

    /** The text of a fixture file. */
    public static String fixtureText(String name) {
        try (InputStream in = TinyModels.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains the tiny model on {@code tiny-train.conll}, validated on {@code tiny-valid.conll}. */
    public static TrainingResult train() {
        return train(CONFIG, TRAINING, "tiny-train.conll", "tiny-valid.conll");
    }

    /** Trains a model with the given settings on two fixtures. */
    public static TrainingResult train(ModelConfig config, TrainingConfig training, String trainFixture,
                                       String validFixture) {
        return new Trainer(null, new TrainingListener() { }, () -> false)
                .train(config, training, fixture(trainFixture), fixture(validFixture), Map.of("fixture", trainFixture));
    }

    /** A registry (no model directory) serving the shared tiny model. */
    public static ModelRegistry registry() {
        ModelRegistry registry = new ModelRegistry(ModelStore.none(), EmbeddingStore.withBundled());
        ModelArtifact artifact = artifact();
        registry.activate(new LoadedModel(artifact.manifest(), artifact.tagger(EmbeddingStore.withBundled())));
        return registry;
    }

    /** The shared tiny model's artifact. */
    public static ModelArtifact artifact() {
        return shared().artifact();
    }

    /** The shared tiny model under another version id, so a test can store several distinct versions. */
    public static ModelArtifact artifact(String version) {
        ModelArtifact tiny = artifact();
        ModelManifest m = tiny.manifest();
        ModelManifest renamed = new ModelManifest(m.formatVersion(), version, m.createdAt(), m.config(), m.training(),
                m.labels(), m.embeddings(), m.vocabularySize(), m.trainingDataSha256(), m.metrics(), m.entryChecksums());
        return new ModelArtifact(renamed, tiny.network(), tiny.vocabulary(), tiny.characters());
    }
}
