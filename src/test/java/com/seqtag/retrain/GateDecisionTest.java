package com.seqtag.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The validation gate: when a candidate is promoted, and what its explanation tells a person. */
class GateDecisionTest {

    @Test
    void promotesACandidateAsGoodAsTheActiveModel() {
        GateDecision decision = GateDecision.decide(91.25, 90.0, "ner-active", 0.5, false, false);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.forced()).isFalse();
        assertThat(decision.explanation()).startsWith("promoted: ")
                .contains("candidate F1 91.25", "active model ner-active F1 90.00", "tolerance 0.50");
    }

    @Test
    void promotesACandidateExactlyAtTheToleranceBelowTheActiveModel() {
        // 90.0 - 0.5 is exactly 89.5 in binary floating point: the boundary itself is promoted.
        GateDecision decision = GateDecision.decide(89.5, 90.0, "ner-active", 0.5, false, false);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.explanation()).startsWith("promoted: ").contains("candidate F1 89.50");
    }

    @Test
    void rejectsACandidateJustBelowTheTolerance() {
        GateDecision decision = GateDecision.decide(89.49, 90.0, "ner-active", 0.5, false, false);

        assertThat(decision.promote()).isFalse();
        assertThat(decision.forced()).isFalse();
        assertThat(decision.explanation()).startsWith("rejected: ")
                .contains("candidate F1 89.49", "active model ner-active F1 90.00", "tolerance 0.50")
                .doesNotContain("force");
    }

    @Test
    void aZeroToleranceRejectsAnyCandidateWorseThanTheActiveModel() {
        assertThat(GateDecision.decide(90.0, 90.0, "v", 0.0, false, false).promote()).isTrue();
        assertThat(GateDecision.decide(89.99, 90.0, "v", 0.0, false, false).promote()).isFalse();
    }

    @Test
    void forcePromotesACandidateTheGateWouldRejectAndSaysSo() {
        GateDecision decision = GateDecision.decide(10.0, 90.0, "ner-active", 0.5, false, true);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.forced()).isTrue();
        assertThat(decision.explanation())
                .startsWith("promoted because force was set")
                .contains("the gate would reject")
                .contains("candidate F1 10.00", "F1 90.00");
    }

    @Test
    void forceOnACandidateGoodEnoughAnywayIsAnOrdinaryPromotion() {
        GateDecision decision = GateDecision.decide(95.0, 90.0, "ner-active", 0.5, false, true);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.forced()).isTrue();
        assertThat(decision.explanation()).startsWith("promoted: ").doesNotContain("would reject");
    }

    @Test
    void notesWhenTheLabelSetsDifferAndOnlyThen() {
        GateDecision differ = GateDecision.decide(80.0, 0.0, "ner-active", 0.5, true, false);
        GateDecision same = GateDecision.decide(80.0, 0.0, "ner-active", 0.5, false, false);

        assertThat(differ.labelSetsDiffer()).isTrue();
        assertThat(differ.explanation()).contains(
                "the label sets differ, so the active model was scored on the new validation data");
        assertThat(same.explanation()).doesNotContain("label sets");
        assertThat(GateDecision.decide(0.0, 80.0, "v", 0.5, true, false).explanation())
                .startsWith("rejected: ").contains("label sets differ");
    }

    @Test
    void keepsTheScoresItWasGiven() {
        GateDecision decision = GateDecision.decide(88.123, 90.456, "ner-20260101-000000-abc", 2.5, true, false);

        assertThat(decision.candidateF1()).isEqualTo(88.123);
        assertThat(decision.activeF1()).isEqualTo(90.456);
        assertThat(decision.activeVersion()).isEqualTo("ner-20260101-000000-abc");
        assertThat(decision.tolerance()).isEqualTo(2.5);
        assertThat(decision.labelSetsDiffer()).isTrue();
        assertThat(decision.forced()).isFalse();
        assertThat(decision.promote()).as("88.123 >= 90.456 - 2.5").isTrue();
        // Two decimals, rounded.
        assertThat(decision.explanation()).contains("candidate F1 88.12", "F1 90.46", "tolerance 2.50");
    }

    @Test
    void formatsNumbersWithADecimalPointWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(String.format("%.2f", 1.5)).as("the JVM really formats German now").isEqualTo("1,50");

            GateDecision decision = GateDecision.decide(87.5, 88.25, "v", 0.75, false, false);

            assertThat(decision.explanation())
                    .contains("candidate F1 87.50", "F1 88.25", "tolerance 0.75")
                    .doesNotContain("87,50", "88,25", "0,75");
        } finally {
            Locale.setDefault(before);
        }
    }
}
