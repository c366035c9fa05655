package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.InputEncoder;
import com.seqtag.model.ModelConfig;
import com.seqtag.model.NetworkFactory;
import com.seqtag.store.ModelArtifact;
import com.seqtag.support.TinyModels;
import com.seqtag.text.CharacterVocabulary;
import com.seqtag.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Warm start on the tiny model (PER, LOC, ORG, MISC) with data that adds a type (TEAM): which weights
 * carry over, which start fresh, and which plans are refused.
 */
class WarmStartTest {

    private static final ModelConfig CRF_CONFIG = withCrf(TinyModels.CONFIG);

    private final List<LabeledSentence> newData = TinyModels.fixture("new-type-train.conll");

    @Test
    void sharedLabelsKeepTheirOutputWeightsAndTransitionsAndNewLabelsStartFresh() {
        ModelArtifact start = crfModel();
        Fresh fresh = freshNetwork(start, CRF_CONFIG);
        WarmStart.Transfer transfer = new WarmStart(start).initialise(fresh.network, CRF_CONFIG, fresh.vocabulary,
                fresh.characters, fresh.labels);

        List<String> oldLabels = start.manifest().labels();
        assertThat(fresh.labels).contains("B-TEAM", "I-TEAM", "B-PER");
        assertThat(transfer.newLabels()).containsExactly("B-TEAM", "I-TEAM");
        assertThat(transfer.sharedLabels()).containsExactly("O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG",
                "B-PER", "I-PER");
        assertThat(transfer.startedFrom()).isEqualTo(start.manifest().version());

        INDArray oldW = param(start.network(), "output_W");
        INDArray newW = param(fresh.network, "output_W");
        INDArray oldT = param(start.network(), "output_T");
        INDArray newT = param(fresh.network, "output_T");
        INDArray untouchedW = param(freshNetwork(start, CRF_CONFIG).network, "output_W");
        for (int n = 0; n < fresh.labels.size(); n++) {
            String label = fresh.labels.get(n);
            int o = oldLabels.indexOf(label);
            if (o >= 0) {
                assertThat(newW.getColumn(n)).as("emission weights of " + label).isEqualTo(oldW.getColumn(o));
                assertThat(param(fresh.network, "output_S").getDouble(0, n))
                        .isEqualTo(param(start.network(), "output_S").getDouble(0, o));
            } else {
                // A new label keeps exactly the weights a from-scratch network gets (same seed, same shape).
                assertThat(newW.getColumn(n)).as("emission weights of new " + label).isEqualTo(untouchedW.getColumn(n));
                assertThat(param(fresh.network, "output_b").getDouble(0, n)).isZero();
            }
            for (int m = 0; m < fresh.labels.size(); m++) {
                int p = oldLabels.indexOf(fresh.labels.get(m));
                double expected = o >= 0 && p >= 0 ? oldT.getDouble(o, p) : 0.0;
                assertThat(newT.getDouble(n, m)).as("transition " + label + " -> " + fresh.labels.get(m))
                        .isEqualTo(expected);
            }
        }
        // The learned transitions are not all zero, so the check above compares something.
        assertThat(oldT.norm2Number().doubleValue()).isPositive();
    }

    @Test
    void sharedWordsAndCharactersKeepTheirVectorsNewOnesStartFresh() {
        ModelArtifact start = TinyModels.artifact();
        Fresh fresh = freshNetwork(start, TinyModels.CONFIG);
        WarmStart.Transfer transfer = new WarmStart(start).initialise(fresh.network, TinyModels.CONFIG,
                fresh.vocabulary, fresh.characters, fresh.labels);

        Vocabulary oldWords = start.vocabulary();
        // The new vocabulary keeps every word of the starting model, in its order, then adds the new ones.
        assertThat(fresh.vocabulary.entries().subList(0, oldWords.size())).isEqualTo(oldWords.entries());
        assertThat(fresh.vocabulary.entries()).contains("corran", "athletic");
        assertThat(oldWords.isUnknown("Corran")).isTrue();
        assertThat(transfer.sharedWords()).isEqualTo(oldWords.size());
        assertThat(transfer.newWords()).isEqualTo(fresh.vocabulary.size() - oldWords.size()).isPositive();

        INDArray oldEmbedding = param(start.network(), "wordEmbedding_W");
        INDArray newEmbedding = param(fresh.network, "wordEmbedding_W");
        INDArray scratchEmbedding = param(freshNetwork(start, TinyModels.CONFIG).network, "wordEmbedding_W");
        for (String word : List.of(Vocabulary.UNK, "anna", "rovers", "tarn", "hired")) {
            assertThat(newEmbedding.getRow(fresh.vocabulary.indexOf(word)))
                    .as("vector of shared word " + word).isEqualTo(oldEmbedding.getRow(oldWords.indexOf(word)));
        }
        int corran = fresh.vocabulary.indexOf("corran");
        assertThat(newEmbedding.getRow(corran)).as("a new word starts as from scratch")
                .isEqualTo(scratchEmbedding.getRow(corran));

        // Characters: the character embedding of a shared character is copied.
        List<String> chars = fresh.characters.characters();
        List<String> oldChars = start.characters().characters();
        int a = chars.indexOf("a");
        assertThat(param(fresh.network, "charEmbedding_W").getRow(a + 2))
                .isEqualTo(param(start.network(), "charEmbedding_W").getRow(oldChars.indexOf("a") + 2));
        // Layers without a vocabulary or label axis are copied whole.
        for (String key : List.of("charConvolution_W", "forward1_W", "forward1_RW", "backward1_W", "backward1_b")) {
            assertThat(param(fresh.network, key)).as(key).isEqualTo(param(start.network(), key));
        }
    }

    @Test
    void aWarmStartedModelTagsTheStartingModelsTypesBeforeAnyTraining() {
        ModelArtifact start = TinyModels.artifact();
        Fresh fresh = freshNetwork(start, TinyModels.CONFIG);
        new WarmStart(start).initialise(fresh.network, TinyModels.CONFIG, fresh.vocabulary, fresh.characters,
                fresh.labels);
        InputEncoder encoder = new InputEncoder(TinyModels.CONFIG, null, fresh.vocabulary, fresh.characters);
        var tagger = new com.seqtag.model.Tagger(fresh.network, encoder, fresh.labels, ModelConfig.Decoding.VITERBI);
        var startTagger = start.tagger(EmbeddingStore.withBundled());
        List<LabeledSentence> valid = TinyModels.fixture("tiny-valid.conll");

        double startF1 = ValidationRun.evaluate(startTagger, valid).overall().f1();
        double copiedF1 = ValidationRun.evaluate(tagger, valid).overall().f1();
        // Only the fresh TEAM columns differ; with their small random scores the old types come through.
        assertThat(copiedF1).as("F1 of the copied network on the old types").isGreaterThan(startF1 - 15);
    }

    @Test
    void thePlanTakesTheStartingModelsShapeAndAnExplicitDifferentShapeIsRefused() {
        ModelArtifact start = TinyModels.artifact();
        TrainingPlan defaults = TrainingPlan.defaults();
        TrainingPlan shaped = WarmStart.shapedLike(defaults.withOverrides(Map.of("initFrom", "active", "dropout", 0.3)),
                start.manifest(), Set.of("initFrom", "dropout"));
        assertThat(shaped.model().hiddenSize()).isEqualTo(TinyModels.CONFIG.hiddenSize());
        assertThat(shaped.model().pretrainedVectors()).isFalse();
        assertThat(shaped.model().crf()).isEqualTo(TinyModels.CONFIG.crf());
        assertThat(shaped.model().dropout()).as("not a shape setting: the plan's").isEqualTo(0.3);

        // The same value given explicitly is fine.
        WarmStart.shapedLike(defaults.withOverrides(Map.of("hiddenSize", 16)), start.manifest(), Set.of("hiddenSize"));
        assertThatThrownBy(() -> WarmStart.shapedLike(defaults.withOverrides(Map.of("hiddenSize", 32)),
                start.manifest(), Set.of("hiddenSize")))
                .isInstanceOf(WarmStart.IncompatibleStartException.class)
                .hasMessageContaining("\"hiddenSize\" is 32 but the starting model " + start.manifest().version()
                        + " has 16");
        assertThatThrownBy(() -> WarmStart.shapedLike(defaults.withOverrides(Map.of("cell", "gru")),
                start.manifest(), Set.of("cell")))
                .isInstanceOf(WarmStart.IncompatibleStartException.class)
                .hasMessageContaining("\"cell\" is GRU but the starting model");
    }

    @Test
    void aNetworkOfAnotherShapeIsRefusedRatherThanHalfCopied() {
        ModelArtifact start = TinyModels.artifact();
        ModelConfig wider = new ModelConfig(ModelConfig.CellType.LSTM, ModelConfig.Direction.BIDIRECTIONAL_CONCAT, 1, 24,
                0.0, false, false, 16, 0, 1, true, 8, 8, ModelConfig.Decoding.VITERBI, false);
        Fresh fresh = freshNetwork(start, wider);
        assertThatThrownBy(() -> new WarmStart(start).initialise(fresh.network, wider, fresh.vocabulary,
                fresh.characters, fresh.labels))
                .isInstanceOf(WarmStart.IncompatibleStartException.class)
                .hasMessageContaining("\"hiddenSize\" is 24 but the starting model");
    }

    @Test
    void freezeEpochsNeedsAStartingModel() {
        assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("freezeEpochs", 1)))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("freezeEpochs needs initFrom");
        assertThat(TrainingPlan.keys()).contains("initFrom", "freezeEpochs");
    }

    @Test
    void frozenEpochsLeaveEveryLayerButTheOutputAsTheStartingModelHadIt() {
        ModelArtifact start = TinyModels.artifact();
        TrainingConfig training = new TrainingConfig(2, 4, 0.02, 1.0, TinyModels.TRAINING.clipping(),
                TinyModels.TRAINING.clippingThreshold(), 0, 5, 7, 0.0, 0, 0, "test", 2);
        TrainingResult result = new Trainer(null, new TrainingListener() { }, () -> false).train(TinyModels.CONFIG,
                training, newData, TinyModels.fixture("new-type-valid.conll"), Map.of(), new WarmStart(start));

        ComputationGraph trained = result.artifact().network();
        for (String key : List.of("forward1_W", "backward1_RW", "charConvolution_W")) {
            assertThat(param(trained, key)).as(key + " stays frozen").isEqualTo(param(start.network(), key));
        }
        assertThat(param(trained, "output_W")).as("the output layer learns")
                .isNotEqualTo(param(freshNetwork(start, TinyModels.CONFIG).network, "output_W"));
        assertThat(result.artifact().manifest().startedFrom()).isEqualTo(start.manifest().version());
    }

    @Test
    void warmStartBeatsTheSameBudgetFromScratchOnTheNewData() {
        ModelArtifact start = TinyModels.artifact();
        TrainingConfig budget = new TrainingConfig(3, 4, 0.02, 1.0, TinyModels.TRAINING.clipping(),
                TinyModels.TRAINING.clippingThreshold(), 0, 3, 7, 0.0);
        List<LabeledSentence> valid = TinyModels.fixture("new-type-valid.conll");
        Trainer trainer = new Trainer(null, new TrainingListener() { }, () -> false);
        double scratch = trainer.train(TinyModels.CONFIG, budget, newData, valid, Map.of())
                .validation().overall().f1();
        TrainingResult warm = trainer.train(TinyModels.CONFIG, budget.withInitFrom("test"), newData, valid, Map.of(),
                new WarmStart(start));

        assertThat(warm.validation().overall().f1()).as("warm start vs %.2f from scratch", scratch)
                .isGreaterThan(scratch + 20);
        assertThat(warm.artifact().manifest().labels()).contains("B-TEAM", "B-PER");
    }

    private static ModelArtifact crfModel() {
        return TinyModels.train(CRF_CONFIG, new TrainingConfig(8, 4, 0.02, 1.0, TinyModels.TRAINING.clipping(),
                TinyModels.TRAINING.clippingThreshold(), 0, 8, 7, 0.0), "tiny-train.conll", "tiny-valid.conll")
                .artifact();
    }

    private static ModelConfig withCrf(ModelConfig config) {
        return new ModelConfig(config.cell(), config.direction(), config.layers(), config.hiddenSize(), config.dropout(),
                config.pretrainedVectors(), config.fineTunePretrained(), config.wordEmbeddingSize(),
                config.oneHotWords(), config.minWordCount(), config.casingFeatures(), config.charEmbeddingSize(),
                config.charFilters(), config.decoding(), true);
    }

    /** A freshly initialised network for the new data, as the trainer builds it when warm-starting. */
    private Fresh freshNetwork(ModelArtifact start, ModelConfig config) {
        WarmStart warmStart = new WarmStart(start);
        List<String> words = new ArrayList<>();
        newData.forEach(sentence -> words.addAll(sentence.words()));
        Vocabulary vocabulary = warmStart.vocabulary(words, config.minWordCount());
        CharacterVocabulary characters = warmStart.characters(words);
        List<String> labels = Trainer.labelSet(newData);
        InputEncoder encoder = new InputEncoder(config, null, vocabulary, characters);
        ComputationGraph network = NetworkFactory.build(config, encoder, labels.size(),
                TinyModels.TRAINING.optimization());
        return new Fresh(network, vocabulary, characters, labels);
    }

    private static INDArray param(ComputationGraph network, String key) {
        return network.getParam(key);
    }

    private record Fresh(ComputationGraph network, Vocabulary vocabulary, CharacterVocabulary characters,
                         List<String> labels) {
    }
}
