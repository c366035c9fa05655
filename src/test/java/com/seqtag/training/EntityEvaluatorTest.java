package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.seqtag.training.EvaluationReport.Scores;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityEvaluatorTest {

    /**
     * Three sentences: a type error (LOC predicted as ORG), a boundary error (ORG cut short),
     * and I- after O on both sides, which still counts as a correct entity but a wrong token.
     * Gold: PER, LOC | ORG | LOC, PER. Predicted: PER, ORG | ORG | LOC, PER. Correct: PER, LOC, PER.
     */
    private static EntityEvaluator evaluatorWithMixedErrors() {
        EntityEvaluator evaluator = new EntityEvaluator();
        evaluator.add(List.of("B-PER", "I-PER", "O", "B-LOC", "O"),
                List.of("B-PER", "I-PER", "O", "B-ORG", "O"));
        evaluator.add(List.of("O", "B-ORG", "I-ORG", "I-ORG", "O"),
                List.of("O", "B-ORG", "I-ORG", "O", "O"));
        evaluator.add(List.of("I-LOC", "O", "B-PER"),
                List.of("I-LOC", "O", "I-PER"));
        return evaluator;
    }

    @Test
    void countsEntitiesAndTokensLikeConlleval() {
        EvaluationReport report = evaluatorWithMixedErrors().report();

        assertThat(report.tokens()).isEqualTo(13);
        assertThat(report.correctTokens()).isEqualTo(10);
        assertThat(report.accuracy()).isCloseTo(100.0 * 10 / 13, within(1e-9));
        assertThat(report.overall()).isEqualTo(new Scores(5, 5, 3));
        assertThat(report.overall().precision()).isCloseTo(60.0, within(1e-9));
        assertThat(report.overall().recall()).isCloseTo(60.0, within(1e-9));
        assertThat(report.overall().f1()).isCloseTo(60.0, within(1e-9));

        assertThat(report.perType()).containsExactly(
                entry("LOC", new Scores(2, 1, 1)),
                entry("ORG", new Scores(1, 2, 0)),
                entry("PER", new Scores(2, 2, 2)));
        Scores location = report.perType().get("LOC");
        assertThat(location.precision()).isCloseTo(100.0, within(1e-9));
        assertThat(location.recall()).isCloseTo(50.0, within(1e-9));
        assertThat(location.f1()).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(report.perType().get("ORG").f1()).isZero();
    }

    @Test
    void formatsLikeConlleval() {
        assertThat(evaluatorWithMixedErrors().report().format()).isEqualTo("""
                processed 13 tokens with 5 phrases; found: 5 phrases; correct: 3.
                accuracy:  76.92%; precision:  60.00%; recall:  60.00%; FB1:  60.00
                              LOC: precision: 100.00%; recall:  50.00%; FB1:  66.67  1
                              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  2
                              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  2
                """);
    }

    @Test
    void roundsExactHalvesToEvenLikeConllevalsPrintf() {
        List<String> gold = new ArrayList<>(Collections.nCopies(32, "O"));
        gold.set(0, "B-PER");
        EntityEvaluator evaluator = new EntityEvaluator();
        evaluator.add(gold, Collections.nCopies(32, "B-PER"));

        // Accuracy and precision are exactly 1/32 = 3.125%, which C's printf rounds down to 3.12.
        assertThat(evaluator.report().format()).isEqualTo("""
                processed 32 tokens with 1 phrases; found: 32 phrases; correct: 1.
                accuracy:   3.12%; precision:   3.12%; recall: 100.00%; FB1:   6.06
                              PER: precision:   3.12%; recall: 100.00%; FB1:   6.06  32
                """);
    }

    @Test
    void perfectPredictionsScoreOneHundred() {
        EntityEvaluator evaluator = new EntityEvaluator();
        List<String> sentence = List.of("B-PER", "I-PER", "O", "B-GPE-LOC", "B-WORK_OF_ART", "I-WORK_OF_ART");
        evaluator.add(sentence, sentence);
        evaluator.add(List.of("O", "O"), List.of("O", "O"));

        EvaluationReport report = evaluator.report();

        assertThat(report.accuracy()).isEqualTo(100.0);
        assertThat(report.overall().precision()).isEqualTo(100.0);
        assertThat(report.overall().recall()).isEqualTo(100.0);
        assertThat(report.overall().f1()).isEqualTo(100.0);
        assertThat(report.perType().keySet()).containsExactly("GPE-LOC", "PER", "WORK_OF_ART");
        assertThat(report.perType().values()).allSatisfy(scores -> assertThat(scores.f1()).isEqualTo(100.0));
    }

    @Test
    void scoresAreZeroWhenUndefined() {
        EntityEvaluator evaluator = new EntityEvaluator();
        evaluator.add(List.of("O", "O"), List.of("O", "B-PER"));

        EvaluationReport report = evaluator.report();

        assertThat(report.overall()).isEqualTo(new Scores(0, 1, 0));
        assertThat(report.overall().recall()).isZero();
        assertThat(report.overall().f1()).isZero();
        assertThat(new EntityEvaluator().report().format())
                .isEqualTo("processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n");
    }

    @Test
    void rejectsMismatchedLengthsAndBadLabelsWithoutCountingThem() {
        EntityEvaluator evaluator = new EntityEvaluator();

        assertThatThrownBy(() -> evaluator.add(List.of("O", "O"), List.of("O")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> evaluator.add(List.of("B-PER"), List.of("E-PER")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("E-PER");

        assertThat(evaluator.report().tokens()).isZero();
        assertThat(evaluator.report().overall()).isEqualTo(new Scores(0, 0, 0));
    }

    private static Map.Entry<String, Scores> entry(String type, Scores scores) {
        return Map.entry(type, scores);
    }
}
