package com.seqtag.decoding;

import com.seqtag.data.IobLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the most probable label sequence that is valid IOB2, so that a tagger can never emit
 * an {@code I-X} that does not continue a {@code B-X} or {@code I-X}. Immutable and thread-safe.
 */
public final class ViterbiDecoder {

    /** Floor applied before taking logs, so that a zero (or NaN) probability stays comparable. */
    private static final double MIN_PROBABILITY = 1e-12;

    private final int labelCount;
    private final boolean[] mayStart;
    /** For each label, the labels allowed directly before it. */
    private final int[][] allowedPrevious;

    /**
     * @param labels the model's labels, indexed like the network's output columns
     * @throws IllegalArgumentException if a label is not IOB2, or no label may start a sentence
     */
    public ViterbiDecoder(List<String> labels) {
        List<IobLabel> parsed = labels.stream().map(IobLabel::parse).toList();
        labelCount = parsed.size();
        mayStart = new boolean[labelCount];
        allowedPrevious = new int[labelCount][];
        for (int current = 0; current < labelCount; current++) {
            mayStart[current] = parsed.get(current).mayStart();
            List<Integer> previous = new ArrayList<>();
            for (int before = 0; before < labelCount; before++) {
                if (parsed.get(current).mayFollow(parsed.get(before))) {
                    previous.add(before);
                }
            }
            allowedPrevious[current] = previous.stream().mapToInt(Integer::intValue).toArray();
        }
        if (parsed.stream().noneMatch(IobLabel::mayStart)) {
            throw new IllegalArgumentException("no label can start a sentence (need O or a B- label): " + labels);
        }
    }

    /**
     * Returns, for each token, the label index of the valid IOB2 sequence with the highest sum of
     * log-probabilities. Ties are broken deterministically, towards lower label indices.
     *
     * @param probabilities {@code probabilities[token][label]}, e.g. softmax outputs
     * @throws IllegalArgumentException if a row does not have one entry per label
     */
    public int[] decode(float[][] probabilities) {
        int tokens = probabilities.length;
        for (int t = 0; t < tokens; t++) {
            if (probabilities[t].length != labelCount) {
                throw new IllegalArgumentException(
                        "token " + t + " has " + probabilities[t].length + " probabilities, expected " + labelCount);
            }
        }
        if (tokens == 0) {
            return new int[0];
        }
        double[] best = new double[labelCount];
        int[][] backPointer = new int[tokens][labelCount];
        for (int label = 0; label < labelCount; label++) {
            best[label] = mayStart[label] ? logProbability(probabilities, 0, label) : Double.NEGATIVE_INFINITY;
        }
        for (int t = 1; t < tokens; t++) {
            double[] next = new double[labelCount];
            for (int label = 0; label < labelCount; label++) {
                double bestPrevious = Double.NEGATIVE_INFINITY;
                int bestPreviousLabel = -1;
                for (int previous : allowedPrevious[label]) {
                    if (bestPreviousLabel < 0 || best[previous] > bestPrevious) {
                        bestPrevious = best[previous];
                        bestPreviousLabel = previous;
                    }
                }
                backPointer[t][label] = bestPreviousLabel;
                // Unreachable labels stay at -infinity so they can never end up on the best path.
                next[label] = bestPrevious == Double.NEGATIVE_INFINITY
                        ? Double.NEGATIVE_INFINITY
                        : bestPrevious + logProbability(probabilities, t, label);
            }
            best = next;
        }
        int[] path = new int[tokens];
        path[tokens - 1] = indexOfMax(best);
        for (int t = tokens - 1; t > 0; t--) {
            path[t - 1] = backPointer[t][path[t]];
        }
        return path;
    }

    private static double logProbability(float[][] probabilities, int token, int label) {
        double p = probabilities[token][label];
        // Written so that NaN also falls back to the floor.
        return Math.log(p > MIN_PROBABILITY ? p : MIN_PROBABILITY);
    }

    private static int indexOfMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
