package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.ModelConfig;
import com.seqtag.support.TinyModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Word dropout and case augmentation inside the training loop, on the invented fixtures. */
class TrainingLeversTest {

    private static TrainingConfig levers(int epochs, double wordDropout, double caseAugmentation) {
        TrainingConfig base = TinyModels.TRAINING;
        return new TrainingConfig(epochs, base.batchSize(), base.learningRate(), base.learningRateDecay(),
                base.clipping(), base.clippingThreshold(), base.l2(), base.patience(), base.seed(),
                base.weightAveraging(), wordDropout, caseAugmentation);
    }

    private static List<Double> losses(TrainingResult result) {
        return result.curve().stream().map(EpochResult::trainLoss).toList();
    }

    @Test
    void theLeversChangeTrainingAndOffTheyChangeNothing() {
        TrainingResult off = TinyModels.train(TinyModels.CONFIG, levers(3, 0, 0), "tiny-train.conll", "tiny-valid.conll");
        TrainingResult offAgain = TinyModels.train(TinyModels.CONFIG, levers(3, 0, 0), "tiny-train.conll",
                "tiny-valid.conll");
        TrainingResult dropout = TinyModels.train(TinyModels.CONFIG, levers(3, 0.5, 0), "tiny-train.conll",
                "tiny-valid.conll");
        TrainingResult augmented = TinyModels.train(TinyModels.CONFIG, levers(3, 0, 0.5), "tiny-train.conll",
                "tiny-valid.conll");

        assertThat(losses(offAgain)).as("training is reproducible").isEqualTo(losses(off));
        assertThat(losses(dropout)).isNotEqualTo(losses(off));
        assertThat(losses(augmented)).isNotEqualTo(losses(off));
    }

    @Test
    void withBothLeversTheTinyModelStillLearnsAndRecordsThem() {
        TrainingResult result = TinyModels.train(TinyModels.CONFIG, levers(20, 0.5, 0.5), "tiny-train.conll",
                "tiny-valid.conll");

        var tagger = result.artifact().tagger(EmbeddingStore.withBundled());
        assertThat(ValidationRun.evaluate(tagger, TinyModels.fixture("tiny-train.conll")).overall().f1())
                .as("F1 on its own training data").isGreaterThan(80);
        assertThat(result.validation().overall().f1()).as("valid F1").isGreaterThan(20);
        TrainingConfig recorded = (TrainingConfig) result.artifact().manifest().training().get("config");
        assertThat(recorded.wordDropout()).isEqualTo(0.5);
        assertThat(recorded.caseAugmentation()).isEqualTo(0.5);
    }

    @Test
    void theTrainerRejectsWordDropoutThatCouldNotDropAnything() {
        ModelConfig c = TinyModels.CONFIG;
        ModelConfig minCountTwo = new ModelConfig(c.cell(), c.direction(), c.layers(), c.hiddenSize(), c.dropout(),
                c.pretrainedVectors(), c.fineTunePretrained(), c.wordEmbeddingSize(), c.oneHotWords(), 2,
                c.casingFeatures(), c.charEmbeddingSize(), c.charFilters(), c.decoding(), c.crf());
        assertThatThrownBy(() -> TinyModels.train(minCountTwo, levers(1, 0.5, 0), "tiny-train.conll",
                "tiny-valid.conll"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wordDropout needs minWordCount 1");
    }

    @Test
    void theOldConstructorMeansBothLeversOff() {
        TrainingConfig base = TinyModels.TRAINING;
        assertThat(base.wordDropout()).isZero();
        assertThat(base.caseAugmentation()).isZero();
        assertThat(TrainingConfig.defaults().wordDropout()).isZero();
        assertThat(TrainingConfig.defaults().caseAugmentation()).isZero();
        assertThat(TrainingPlan.defaults().withOverrides(Map.of()).training()).isEqualTo(TrainingConfig.defaults());
    }
}
