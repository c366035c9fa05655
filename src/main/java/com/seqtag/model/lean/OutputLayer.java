package com.seqtag.model.lean;

import com.seqtag.model.lean.kernels.MatrixKernel;

/**
 * The output layer: emission scores {@code x · W + b} per token, turned into label probabilities
 * by a softmax per token or by a linear-chain CRF's marginals per sentence.
 */
final class OutputLayer {

    private final MatrixKernel emissions;
    private final int labels;
    private final CrfMarginals crf;

    /**
     * @param emissions {@code x · W + b}, {@code W [inputSize, labels]}
     * @param crf       the CRF's chain, or null for a softmax output
     */
    OutputLayer(MatrixKernel emissions, CrfMarginals crf) {
        this.emissions = emissions;
        this.labels = emissions.outputSize();
        this.crf = crf;
    }

    int inputSize() {
        return emissions.inputSize();
    }

    /** Label probabilities {@code [sentence][token][label]} for inputs {@code [tokens, inputSize()]}. */
    float[][][] probabilities(float[] input, Batch batch) {
        float[] scores = new float[batch.tokens() * labels];
        try (MatrixKernel.Workspace product = emissions.workspace()) {
            product.multiply(input, batch.tokens(), scores);
        }
        float[][][] result = new float[batch.sentences()][][];
        for (int s = 0; s < batch.sentences(); s++) {
            float[][] sentence = new float[batch.length(s)][labels];
            if (crf != null) {
                crf.marginals(scores, batch.start(s), batch.length(s), sentence);
            } else {
                softmax(scores, batch.start(s), sentence);
            }
            result[s] = sentence;
        }
        return result;
    }

    private void softmax(float[] emissions, int from, float[][] target) {
        for (int t = 0; t < target.length; t++) {
            int row = (from + t) * labels;
            double max = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < labels; l++) {
                max = Math.max(max, emissions[row + l]);
            }
            double sum = 0;
            for (int l = 0; l < labels; l++) {
                sum += Math.exp(emissions[row + l] - max);
            }
            for (int l = 0; l < labels; l++) {
                target[t][l] = (float) (Math.exp(emissions[row + l] - max) / sum);
            }
        }
    }
}
