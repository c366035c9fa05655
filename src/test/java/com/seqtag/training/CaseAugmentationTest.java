package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.data.LabeledSentence;
import com.seqtag.support.TinyModels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Case augmentation: how many copies an epoch gets, what a copy looks like, and the seed. */
class CaseAugmentationTest {

    private static final List<LabeledSentence> TRAIN = TinyModels.fixture("tiny-train.conll");

    @Test
    void recasesEveryWordAndKeepsTheLabels() {
        LabeledSentence sentence = new LabeledSentence(List.of("McDonald's", "hired", "ANNA", "in", "1996", "."),
                List.of("B-ORG", "O", "B-PER", "O", "O", "O"));

        assertThat(CaseAugmentation.recase(sentence, CaseAugmentation.Casing.UPPER).words())
                .containsExactly("MCDONALD'S", "HIRED", "ANNA", "IN", "1996", ".");
        assertThat(CaseAugmentation.recase(sentence, CaseAugmentation.Casing.LOWER).words())
                .containsExactly("mcdonald's", "hired", "anna", "in", "1996", ".");
        assertThat(CaseAugmentation.recase(sentence, CaseAugmentation.Casing.TITLE).words())
                .containsExactly("Mcdonald's", "Hired", "Anna", "In", "1996", ".");
        for (CaseAugmentation.Casing casing : CaseAugmentation.Casing.values()) {
            assertThat(CaseAugmentation.recase(sentence, casing).labels()).isEqualTo(sentence.labels());
        }
    }

    @Test
    void anEpochAddsTheFractionAsRecasedCopiesWithTheirLabels() {
        CaseAugmentation augmentation = new CaseAugmentation(0.3, 5);
        List<LabeledSentence> epoch = augmentation.epoch(TRAIN);
        int copies = (int) Math.round(0.3 * TRAIN.size());

        assertThat(copies).isPositive();
        assertThat(epoch).hasSize(TRAIN.size() + copies).hasSize(augmentation.epochSize(TRAIN.size()));
        assertThat(epoch.subList(0, TRAIN.size())).isEqualTo(TRAIN);
        Set<Integer> originals = new HashSet<>();
        Set<String> casings = new HashSet<>();
        for (LabeledSentence copy : epoch.subList(TRAIN.size(), epoch.size())) {
            int original = originalOf(copy);
            assertThat(original).as("copy of a training sentence: %s", copy.words()).isNotNegative();
            assertThat(originals.add(original)).as("each sentence copied at most once").isTrue();
            assertThat(copy.length()).isEqualTo(TRAIN.get(original).length());
            assertThat(copy.labels()).isEqualTo(TRAIN.get(original).labels());
            casings.add(casingOf(copy));
        }
        assertThat(casings).as("every casing is used").contains("upper", "lower", "title");
    }

    @Test
    void eachEpochDrawsAFreshSampleReproducibleFromTheSeed() {
        CaseAugmentation augmentation = new CaseAugmentation(0.3, 5);
        List<LabeledSentence> first = augmentation.epoch(TRAIN);
        List<LabeledSentence> second = augmentation.epoch(TRAIN);
        assertThat(second).isNotEqualTo(first);

        CaseAugmentation again = new CaseAugmentation(0.3, 5);
        assertThat(again.epoch(TRAIN)).isEqualTo(first);
        assertThat(again.epoch(TRAIN)).isEqualTo(second);
        assertThat(new CaseAugmentation(0.3, 6).epoch(TRAIN)).isNotEqualTo(first);
    }

    @Test
    void fractionOneCopiesEverySentenceOnce() {
        List<LabeledSentence> epoch = new CaseAugmentation(1, 2).epoch(TRAIN);
        assertThat(epoch).hasSize(2 * TRAIN.size());
        List<Integer> originals = new ArrayList<>();
        epoch.subList(TRAIN.size(), epoch.size()).forEach(copy -> originals.add(originalOf(copy)));
        assertThat(originals).doesNotHaveDuplicates().doesNotContain(-1);
    }

    @Test
    void fractionZeroChangesNothing() {
        CaseAugmentation augmentation = new CaseAugmentation(0, 5);
        assertThat(augmentation.epoch(TRAIN)).isSameAs(TRAIN);
        assertThat(augmentation.epochSize(TRAIN.size())).isEqualTo(TRAIN.size());
    }

    @Test
    void invalidFractionsAreRejectedByName() {
        for (double fraction : new double[] {-0.1, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("caseAugmentation", fraction)))
                    .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                    .hasMessageContaining("caseAugmentation must be in [0, 1]");
            assertThatThrownBy(() -> new CaseAugmentation(fraction, 1)).hasMessageContaining("caseAugmentation");
        }
        assertThat(TrainingPlan.defaults().withOverrides(Map.of("caseAugmentation", 1)).training().caseAugmentation())
                .isEqualTo(1.0);
    }

    /** Index of the training sentence the copy was made from (the same words but for case, the same labels), or -1. */
    private static int originalOf(LabeledSentence copy) {
        for (int i = 0; i < TRAIN.size(); i++) {
            LabeledSentence original = TRAIN.get(i);
            if (original.labels().equals(copy.labels()) && lower(original.words()).equals(lower(copy.words()))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> lower(List<String> words) {
        return words.stream().map(word -> word.toLowerCase(Locale.ROOT)).toList();
    }

    private static String casingOf(LabeledSentence copy) {
        String text = String.join(" ", copy.words());
        if (text.equals(text.toUpperCase(Locale.ROOT))) {
            return "upper";
        }
        if (text.equals(text.toLowerCase(Locale.ROOT))) {
            return "lower";
        }
        return "title";
    }
}
