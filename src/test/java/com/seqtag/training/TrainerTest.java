package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.store.ModelArtifact;
import com.seqtag.support.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training loop on the invented fixtures: it learns, keeps the best epoch, describes the model. */
class TrainerTest {

    @Test
    void learnsTheFixturePatternsAndKeepsTheBestEpoch() {
        TrainingResult result = TinyModels.shared();

        assertThat(result.curve()).isNotEmpty();
        double bestF1 = result.curve().stream().mapToDouble(EpochResult::validF1).max().orElseThrow();
        assertThat(result.artifact().manifest().metrics().validF1()).isEqualTo(Math.round(bestF1 * 100) / 100.0);
        // The validation names are all new to the model, which has no pretrained vectors: it must
        // still find some entities from casing and context, and must have learned its training data.
        assertThat(bestF1).as("valid F1 of the tiny model").isGreaterThan(20);
        var tagger = result.artifact().tagger(EmbeddingStore.withBundled());
        assertThat(ValidationRun.evaluate(tagger, TinyModels.fixture("tiny-train.conll")).overall().f1())
                .as("F1 on its own training data").isGreaterThan(80);
        // Loss falls as the network learns.
        assertThat(result.curve().get(result.curve().size() - 1).trainLoss())
                .isLessThan(result.curve().get(0).trainLoss());
        // The reported validation is that of the kept weights.
        assertThat(result.validation().overall().f1()).isEqualTo(bestF1);
    }

    @Test
    void withWeightAveragingTheKeptModelIsTheAverageThatWasValidated() {
        TrainingConfig averaged = new TrainingConfig(8, 4, 0.02, 1.0, TinyModels.TRAINING.clipping(),
                TinyModels.TRAINING.clippingThreshold(), 0, 8, 7, 0.9);
        TrainingResult result = TinyModels.train(TinyModels.CONFIG, averaged, "tiny-train.conll", "tiny-valid.conll");

        var tagger = result.artifact().tagger(EmbeddingStore.withBundled());
        double bestF1 = result.curve().stream().mapToDouble(EpochResult::validF1).max().orElseThrow();
        // Re-scoring the saved model reproduces the best epoch's validation: what was kept is what was measured.
        assertThat(ValidationRun.evaluate(tagger, TinyModels.fixture("tiny-valid.conll")).overall().f1())
                .isEqualTo(bestF1);
        assertThat(ValidationRun.evaluate(tagger, TinyModels.fixture("tiny-train.conll")).overall().f1())
                .as("F1 on its own training data").isGreaterThan(80);
    }

    @Test
    void manifestDescribesTheModel() {
        TrainingResult result = TinyModels.shared();
        var manifest = result.artifact().manifest();

        assertThat(manifest.labels()).containsExactly("O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG",
                "B-PER", "I-PER");
        assertThat(manifest.version()).startsWith("ner-");
        assertThat(manifest.trainingDataSha256()).hasSize(64);
        assertThat(manifest.config()).isEqualTo(TinyModels.CONFIG);
        assertThat(manifest.embeddings()).isNull();
    }

    @Test
    void everyImprovementIsOfferedAsACheckpointWithTheFinalVersion() {
        List<Double> checkpointF1 = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        TrainingResult result = new Trainer(null, new TrainingListener() {
            @Override
            public void onImprovement(ModelArtifact checkpoint) {
                checkpointF1.add(checkpoint.manifest().metrics().validF1());
                versions.add(checkpoint.manifest().version());
            }
        }, () -> false).train(TinyModels.CONFIG, TinyModels.TRAINING, TinyModels.fixture("tiny-train.conll"),
                TinyModels.fixture("tiny-valid.conll"), Map.of());

        assertThat(checkpointF1).isNotEmpty().isSorted();
        assertThat(checkpointF1.get(checkpointF1.size() - 1)).isEqualTo(result.artifact().manifest().metrics().validF1());
        assertThat(versions).containsOnly(result.artifact().manifest().version());
    }

    @Test
    void labelSetComesFromTheTrainingData() {
        List<LabeledSentence> custom = TinyModels.fixture("custom-types.conll");
        assertThat(Trainer.labelSet(custom)).containsExactly("O", "B-EVENT", "I-EVENT", "B-PRODUCT", "I-PRODUCT");
    }

    @Test
    void sameSeedSameModel() {
        TrainingResult first = TinyModels.shared();
        TrainingResult second = TinyModels.train();
        assertThat(second.artifact().network().params()).isEqualTo(first.artifact().network().params());
    }
}
