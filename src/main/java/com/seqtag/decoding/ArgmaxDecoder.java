package com.seqtag.decoding;

/** Picks the most probable label for each token independently, ignoring IOB2 validity. */
public final class ArgmaxDecoder {

    private ArgmaxDecoder() {
    }

    /**
     * Returns, for each token, the index of its highest probability; ties go to the lower index.
     *
     * @param probabilities {@code probabilities[token][label]}
     */
    public static int[] argmax(float[][] probabilities) {
        int[] labels = new int[probabilities.length];
        for (int t = 0; t < probabilities.length; t++) {
            float[] row = probabilities[t];
            if (row.length == 0) {
                throw new IllegalArgumentException("token " + t + " has no probabilities");
            }
            int best = 0;
            for (int label = 1; label < row.length; label++) {
                if (row[label] > row[best]) {
                    best = label;
                }
            }
            labels[t] = best;
        }
        return labels;
    }
}
