package com.seqtag.retrain;

/**
 * The validation gate's verdict on a candidate model, both scored on the same validation data.
 *
 * @param candidateF1      the new model's entity F1 (percent)
 * @param activeF1         the active model's entity F1 on the same data (percent)
 * @param activeVersion    the model it was compared with
 * @param tolerance        how many F1 points worse the candidate may be and still be promoted
 * @param labelSetsDiffer  whether the two models know different labels; the comparison is then on
 *                         the new validation data, where the active model cannot find the new types
 * @param forced           whether the request asked to promote regardless
 * @param promote          whether the candidate becomes the active model
 * @param explanation      one sentence a person can read
 */
public record GateDecision(double candidateF1, double activeF1, String activeVersion, double tolerance,
                           boolean labelSetsDiffer, boolean forced, boolean promote, String explanation) {

    /** Decides: promote when the candidate is at least the active F1 minus the tolerance, or when forced. */
    public static GateDecision decide(double candidateF1, double activeF1, String activeVersion, double tolerance,
                                      boolean labelSetsDiffer, boolean forced) {
        boolean goodEnough = candidateF1 >= activeF1 - tolerance;
        String comparison = String.format(java.util.Locale.ROOT,
                "candidate F1 %.2f vs active model %s F1 %.2f on the same validation data (tolerance %.2f)",
                candidateF1, activeVersion, activeF1, tolerance);
        if (labelSetsDiffer) {
            comparison += "; the label sets differ, so the active model was scored on the new validation data";
        }
        String explanation = goodEnough
                ? "promoted: " + comparison
                : forced ? "promoted because force was set, although the gate would reject: " + comparison
                        : "rejected: " + comparison;
        return new GateDecision(candidateF1, activeF1, activeVersion, tolerance, labelSetsDiffer, forced,
                goodEnough || forced, explanation);
    }
}
