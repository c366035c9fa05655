package com.seqtag.model.lean;

import com.seqtag.model.crf.LinearChainCrf;

/**
 * Per-token marginal label probabilities of a linear-chain CRF: the same numbers as
 * {@link LinearChainCrf#marginals}, which the network's output layer uses, but by forward-backward
 * in probability space with each step rescaled to sum to one. That needs one {@code exp} per
 * token and label instead of one per label pair, and skips the pairwise marginals that only
 * training needs.
 */
final class CrfMarginals {

    private final int labels;
    private final double[][] transitions;
    private final double[] start;
    private final double[] end;
    private final double[] expTransitions;
    private final double[] expStart;
    private final double[] expEnd;

    /**
     * @param transitions {@code [labels][labels]} scores, from row label to column label
     * @param start       score of each label starting a sentence
     * @param end         score of each label ending it
     */
    CrfMarginals(double[][] transitions, double[] start, double[] end) {
        this.labels = start.length;
        this.transitions = transitions;
        this.start = start.clone();
        this.end = end.clone();
        // Shifting each table by its maximum keeps exp in range; a constant factor cancels out.
        this.expTransitions = new double[labels * labels];
        double maxTransition = Double.NEGATIVE_INFINITY;
        for (double[] row : transitions) {
            for (double value : row) {
                maxTransition = Math.max(maxTransition, value);
            }
        }
        for (int i = 0; i < labels; i++) {
            for (int j = 0; j < labels; j++) {
                expTransitions[i * labels + j] = Math.exp(transitions[i][j] - maxTransition);
            }
        }
        this.expStart = shiftedExp(start);
        this.expEnd = shiftedExp(end);
    }

    /**
     * Writes the marginals of a sentence of {@code length} tokens whose emission scores are
     * {@code emissions[(from + t) * labels + l]} into {@code target[t][l]}.
     */
    void marginals(float[] emissions, int from, int length, float[][] target) {
        int count = labels;
        double[] potentials = new double[length * count];
        for (int t = 0; t < length; t++) {
            int row = (from + t) * count;
            double max = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < count; l++) {
                max = Math.max(max, emissions[row + l]);
            }
            for (int l = 0; l < count; l++) {
                potentials[t * count + l] = Math.exp(emissions[row + l] - max);
            }
        }
        double[] alpha = new double[length * count];
        double[] beta = new double[length * count];
        for (int j = 0; j < count; j++) {
            alpha[j] = expStart[j] * potentials[j];
        }
        boolean finite = normalise(alpha, 0, count);
        for (int t = 1; t < length && finite; t++) {
            for (int j = 0; j < count; j++) {
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += alpha[(t - 1) * count + i] * expTransitions[i * count + j];
                }
                alpha[t * count + j] = sum * potentials[t * count + j];
            }
            finite = normalise(alpha, t * count, count);
        }
        int last = (length - 1) * count;
        System.arraycopy(expEnd, 0, beta, last, count);
        finite &= normalise(beta, last, count);
        for (int t = length - 2; t >= 0 && finite; t--) {
            for (int i = 0; i < count; i++) {
                double sum = 0;
                for (int j = 0; j < count; j++) {
                    sum += expTransitions[i * count + j] * potentials[(t + 1) * count + j] * beta[(t + 1) * count + j];
                }
                beta[t * count + i] = sum;
            }
            finite = normalise(beta, t * count, count);
        }
        if (!finite) {
            // Scores so extreme that a whole step underflowed: the log-space computation copes.
            logSpaceMarginals(emissions, from, length, target);
            return;
        }
        for (int t = 0; t < length; t++) {
            double total = 0;
            for (int l = 0; l < count; l++) {
                total += alpha[t * count + l] * beta[t * count + l];
            }
            for (int l = 0; l < count; l++) {
                target[t][l] = (float) (alpha[t * count + l] * beta[t * count + l] / total);
            }
        }
    }

    private void logSpaceMarginals(float[] emissions, int from, int length, float[][] target) {
        double[][] emit = new double[length][labels];
        for (int t = 0; t < length; t++) {
            for (int l = 0; l < labels; l++) {
                emit[t][l] = emissions[(from + t) * labels + l];
            }
        }
        double[][] unary = LinearChainCrf.marginals(emit, transitions, start, end).unary();
        for (int t = 0; t < length; t++) {
            for (int l = 0; l < labels; l++) {
                target[t][l] = (float) unary[t][l];
            }
        }
    }

    /** Scales {@code values[from .. from + count)} to sum to one; false when that is impossible. */
    private static boolean normalise(double[] values, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += values[i];
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            values[i] /= sum;
        }
        return true;
    }

    private static double[] shiftedExp(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double[] result = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            result[i] = Math.exp(scores[i] - max);
        }
        return result;
    }
}
