package com.seqtag.model.crf;

/**
 * The mathematics of a linear-chain CRF over one sentence, on plain arrays so it can be checked
 * without DL4J. A label sequence y scores {@code start[y0] + Σ emit[t][yt] + Σ trans[y(t-1)][yt]
 * + end[y(n-1)]}; its probability is {@code exp(score) / Z}, with Z summed over every sequence by
 * the forward algorithm in log space. Gradients of the negative log-likelihood are expected
 * counts (from forward-backward marginals) minus the gold counts; with soft targets (a
 * distribution per token, as in distillation) the gold counts become the targets' expected counts.
 */
public final class LinearChainCrf {

    private LinearChainCrf() {
    }

    /** Result of forward-backward on one sentence. */
    public record Marginals(double logPartition, double[][] unary, double[][] pairwise) {
    }

    /**
     * Runs forward-backward.
     *
     * @param emit  {@code [length][labels]} emission scores
     * @param trans {@code [labels][labels]} transition scores, from row label to column label
     * @param start score of each label starting the sentence
     * @param end   score of each label ending it
     * @return log Z, per-token marginals {@code [length][labels]}, and expected transition counts
     *         {@code [labels][labels]} summed over the sentence
     */
    public static Marginals marginals(double[][] emit, double[][] trans, double[] start, double[] end) {
        int length = emit.length;
        int labels = start.length;
        double[][] alpha = new double[length][labels];
        double[][] beta = new double[length][labels];
        for (int j = 0; j < labels; j++) {
            alpha[0][j] = start[j] + emit[0][j];
        }
        double[] terms = new double[labels];
        for (int t = 1; t < length; t++) {
            for (int j = 0; j < labels; j++) {
                for (int i = 0; i < labels; i++) {
                    terms[i] = alpha[t - 1][i] + trans[i][j];
                }
                alpha[t][j] = logSumExp(terms) + emit[t][j];
            }
        }
        for (int j = 0; j < labels; j++) {
            beta[length - 1][j] = end[j];
        }
        for (int t = length - 2; t >= 0; t--) {
            for (int i = 0; i < labels; i++) {
                for (int j = 0; j < labels; j++) {
                    terms[j] = trans[i][j] + emit[t + 1][j] + beta[t + 1][j];
                }
                beta[t][i] = logSumExp(terms);
            }
        }
        for (int j = 0; j < labels; j++) {
            terms[j] = alpha[length - 1][j] + end[j];
        }
        double logZ = logSumExp(terms);
        double[][] unary = new double[length][labels];
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < labels; j++) {
                unary[t][j] = Math.exp(alpha[t][j] + beta[t][j] - logZ);
            }
        }
        double[][] pairwise = new double[labels][labels];
        for (int t = 1; t < length; t++) {
            for (int i = 0; i < labels; i++) {
                for (int j = 0; j < labels; j++) {
                    pairwise[i][j] += Math.exp(alpha[t - 1][i] + trans[i][j] + emit[t][j] + beta[t][j] - logZ);
                }
            }
        }
        return new Marginals(logZ, unary, pairwise);
    }

    /** The unnormalised score of one label sequence. */
    public static double score(int[] gold, double[][] emit, double[][] trans, double[] start, double[] end) {
        double score = start[gold[0]] + end[gold[gold.length - 1]];
        for (int t = 0; t < gold.length; t++) {
            score += emit[t][gold[t]];
            if (t > 0) {
                score += trans[gold[t - 1]][gold[t]];
            }
        }
        return score;
    }

    /**
     * The expected score of a label sequence drawn from {@code targets}, a distribution over labels
     * per token taken as independent between tokens (a one-hot row per token gives {@link #score}).
     * {@code logZ} minus this is the cross-entropy of the CRF against those targets: the loss of
     * training on soft targets such as a teacher ensemble's marginals.
     *
     * @param targets {@code [length][labels]}, each row a probability distribution
     */
    public static double expectedScore(double[][] targets, double[][] emit, double[][] trans, double[] start,
                                       double[] end) {
        int length = targets.length;
        int labels = start.length;
        double score = 0;
        for (int j = 0; j < labels; j++) {
            score += targets[0][j] * start[j] + targets[length - 1][j] * end[j];
        }
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < labels; j++) {
                score += targets[t][j] * emit[t][j];
            }
        }
        double[][] transitions = expectedTransitions(targets, labels);
        for (int i = 0; i < labels; i++) {
            for (int j = 0; j < labels; j++) {
                score += transitions[i][j] * trans[i][j];
            }
        }
        return score;
    }

    /**
     * How often each transition occurs in a sequence drawn from {@code targets} (tokens
     * independent), summed over the sentence, {@code [labels][labels]}: for one-hot rows, the gold
     * sequence's transition counts. The soft-target counterpart of {@link Marginals#pairwise()}.
     */
    public static double[][] expectedTransitions(double[][] targets, int labels) {
        double[][] counts = new double[labels][labels];
        for (int t = 1; t < targets.length; t++) {
            for (int i = 0; i < labels; i++) {
                if (targets[t - 1][i] == 0) {
                    continue;
                }
                for (int j = 0; j < labels; j++) {
                    counts[i][j] += targets[t - 1][i] * targets[t][j];
                }
            }
        }
        return counts;
    }

    private static double logSumExp(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double value : values) {
            sum += Math.exp(value - max);
        }
        return max + Math.log(sum);
    }
}
