package com.seqtag.training;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Entity-level precision, recall and F1 (overall and per entity type) plus token accuracy,
 * counted the way conlleval counts them.
 *
 * @param tokens        tokens evaluated
 * @param correctTokens tokens whose predicted label equals the gold label exactly
 * @param overall       entity counts over all types
 * @param perType       entity counts for every type seen in gold or predicted labels, by type name
 */
public record EvaluationReport(long tokens, long correctTokens, Scores overall, SortedMap<String, Scores> perType) {

    public EvaluationReport {
        if (tokens < 0 || correctTokens < 0 || correctTokens > tokens) {
            throw new IllegalArgumentException("invalid token counts: " + correctTokens + " of " + tokens);
        }
        perType = Collections.unmodifiableSortedMap(new TreeMap<>(perType));
    }

    /** Percentage of tokens labelled exactly right, or 0 when there were no tokens. */
    public double accuracy() {
        return percentage(correctTokens, tokens);
    }

    /**
     * Renders the report in conlleval's text format, one {@code \n}-terminated line per row;
     * the per-type rows end with the number of predicted entities of that type.
     */
    public String format() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "processed %d tokens with %d phrases; found: %d phrases; correct: %d.\n",
                tokens, overall.goldEntities(), overall.predictedEntities(), overall.correctEntities()));
        // conlleval omits the overall line for empty input.
        if (tokens > 0) {
            text.append(String.format(Locale.ROOT, "accuracy: %s%%; precision: %s%%; recall: %s%%; FB1: %s\n",
                    twoDecimals(accuracy()), twoDecimals(overall.precision()), twoDecimals(overall.recall()),
                    twoDecimals(overall.f1())));
        }
        perType.forEach((type, scores) -> text.append(String.format(Locale.ROOT,
                "%17s: precision: %s%%; recall: %s%%; FB1: %s  %d\n",
                type, twoDecimals(scores.precision()), twoDecimals(scores.recall()), twoDecimals(scores.f1()),
                scores.predictedEntities())));
        return text.toString();
    }

    /**
     * Formats like C's {@code %6.2f}, which conlleval uses: Java's {@code %.2f} rounds half up from
     * the shortest decimal form (78.125 becomes 78.13), whereas C rounds the exact binary value half
     * to even (78.12), and the reports should match conlleval's byte for byte.
     */
    private static String twoDecimals(double value) {
        String digits = new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return String.format(Locale.ROOT, "%6s", digits);
    }

    /**
     * Entity counts with the scores derived from them; scores are percentages (0–100) and 0 when
     * undefined, as conlleval reports them.
     */
    public record Scores(long goldEntities, long predictedEntities, long correctEntities) {

        public Scores {
            if (goldEntities < 0 || predictedEntities < 0 || correctEntities < 0
                    || correctEntities > Math.min(goldEntities, predictedEntities)) {
                throw new IllegalArgumentException("inconsistent entity counts: gold " + goldEntities
                        + ", predicted " + predictedEntities + ", correct " + correctEntities);
            }
        }

        /** Percentage of predicted entities that are correct. */
        public double precision() {
            return percentage(correctEntities, predictedEntities);
        }

        /** Percentage of gold entities that were predicted correctly. */
        public double recall() {
            return percentage(correctEntities, goldEntities);
        }

        /** Harmonic mean of precision and recall, as a percentage. */
        public double f1() {
            double precision = precision();
            double recall = recall();
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
    }

    private static double percentage(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
