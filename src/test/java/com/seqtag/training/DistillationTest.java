package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.ModelConfig;
import com.seqtag.model.Tagger;
import com.seqtag.support.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ensembles and distillation on the tiny fixtures: the student learns what its teachers say. */
class DistillationTest {

    private static final List<String> TRAIN_WORDS_SENTENCE = List.of("Anna", "Berg", "visited", "Oslo", ".");

    private final Tagger teacher = TinyModels.shared().artifact().tagger(EmbeddingStore.withBundled());

    @Test
    void anEnsembleOfOneModelAnswersAsThatModelAndTwoCopiesAverageToTheSame() {
        float[][][] alone = teacher.probabilities(List.of(TRAIN_WORDS_SENTENCE));
        float[][][] twice = Ensemble.of(List.of(teacher, teacher)).probabilities(List.of(TRAIN_WORDS_SENTENCE));

        for (int t = 0; t < TRAIN_WORDS_SENTENCE.size(); t++) {
            for (int l = 0; l < teacher.labels().size(); l++) {
                assertThat(twice[0][t][l]).isCloseTo(alone[0][t][l], within(1e-6f));
            }
        }
        assertThat(Ensemble.of(List.of(teacher)).tagAll(List.of(TRAIN_WORDS_SENTENCE)).get(0).tokens())
                .extracting(token -> token.label())
                .isEqualTo(teacher.tag(TRAIN_WORDS_SENTENCE).tokens().stream().map(token -> token.label()).toList());
    }

    @Test
    void anEnsembleAnswersInTheLabelOrderItIsAskedFor() {
        List<String> reversed = new ArrayList<>(teacher.labels());
        java.util.Collections.reverse(reversed);
        float[][][] own = teacher.probabilities(List.of(TRAIN_WORDS_SENTENCE));
        float[][][] mapped = new Ensemble(List.of(teacher), reversed).probabilities(List.of(TRAIN_WORDS_SENTENCE));

        int last = reversed.size() - 1;
        for (int t = 0; t < TRAIN_WORDS_SENTENCE.size(); t++) {
            for (int l = 0; l <= last; l++) {
                assertThat(mapped[0][t][l]).isEqualTo(own[0][t][last - l]);
            }
        }
    }

    @Test
    void aTeacherThatKnowsOtherLabelsIsRefusedByName() {
        assertThatThrownBy(() -> new Ensemble(List.of(teacher), List.of("O", "B-PER", "I-PER")))
                .isInstanceOf(Ensemble.IncompatibleTeacherException.class)
                .hasMessageContaining("same entity types");
    }

    /**
     * The gold labels are wrong on purpose (PER and LOC swapped): a student trained on the
     * teacher's answers alone must still tag persons as persons, which only the teacher could
     * have taught it; with the gold labels alone it learns the swap.
     */
    @Test
    void aStudentOnTheTeachersTargetsAloneLearnsWhatTheTeacherSaysNotTheGold() {
        List<LabeledSentence> truth = TinyModels.fixture("tiny-train.conll");
        List<LabeledSentence> swapped = truth.stream().map(DistillationTest::swapPersonsAndPlaces).toList();
        ModelConfig crfStudent = withCrf(TinyModels.CONFIG);

        Tagger distilled = train(crfStudent, distilling(List.of("tiny"), 1.0), swapped, List.of(teacher));
        Tagger fromGold = train(crfStudent, distilling(null, 0.5), swapped, List.of());

        assertThat(ValidationRun.evaluate(distilled, truth).overall().f1())
                .as("F1 of the distilled student against the true labels").isGreaterThan(80);
        assertThat(ValidationRun.evaluate(fromGold, truth).overall().f1())
                .as("F1 of the student of the swapped gold labels").isLessThan(60);
    }

    @Test
    void aPlanNamingTeachersThatWereNotLoadedIsRefused() {
        Trainer trainer = new Trainer(null, new TrainingListener() { }, () -> false);

        assertThatThrownBy(() -> trainer.train(TinyModels.CONFIG, distilling(List.of("a", "b"), 0.5),
                TinyModels.fixture("tiny-train.conll"), TinyModels.fixture("tiny-valid.conll"), Map.of(), null,
                List.of(teacher)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names 2 teachers but 1 were loaded");
    }

    @Test
    void theDistillationSettingsAreValidatedWithTheirNames() {
        assertThatThrownBy(() -> distilling(List.of("a"), 0))
                .hasMessageContaining("distillationWeight must be in (0, 1]");
        assertThatThrownBy(() -> distilling(List.of(" "), 0.5))
                .hasMessageContaining("teachers must name models");
        assertThat(TrainingPlan.keys()).contains("teachers", "distillationWeight");
        assertThat(TrainingPlan.defaults().withOverrides(Map.of("teachers", List.of("v1", "v2"))).training().teachers())
                .containsExactly("v1", "v2");
    }

    private static Tagger train(ModelConfig config, TrainingConfig training, List<LabeledSentence> trainSet,
                                List<Tagger> teachers) {
        TrainingResult result = new Trainer(null, new TrainingListener() { }, () -> false)
                .train(config, training, trainSet, TinyModels.fixture("tiny-valid.conll"), Map.of(), null, teachers);
        return result.artifact().tagger(EmbeddingStore.withBundled());
    }

    private static TrainingConfig distilling(List<String> teachers, double weight) {
        TrainingConfig base = TinyModels.TRAINING;
        return new TrainingConfig(base.epochs(), base.batchSize(), base.learningRate(), base.learningRateDecay(),
                base.clipping(), base.clippingThreshold(), base.l2(), base.patience(), base.seed(),
                base.weightAveraging(), 0, 0, null, 0, teachers, weight);
    }

    private static ModelConfig withCrf(ModelConfig config) {
        return new ModelConfig(config.cell(), config.direction(), config.layers(), config.hiddenSize(),
                config.dropout(), config.pretrainedVectors(), config.fineTunePretrained(), config.wordEmbeddingSize(),
                config.oneHotWords(), config.minWordCount(), config.casingFeatures(), config.charEmbeddingSize(),
                config.charFilters(), config.decoding(), true);
    }

    private static LabeledSentence swapPersonsAndPlaces(LabeledSentence sentence) {
        List<String> labels = sentence.labels().stream()
                .map(label -> label.endsWith("-PER") ? label.replace("-PER", "-LOC")
                        : label.endsWith("-LOC") ? label.replace("-LOC", "-PER") : label)
                .toList();
        return new LabeledSentence(sentence.words(), labels);
    }
}
