package com.seqtag.model.lean;

import com.seqtag.model.ModelConfig;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * One recurrent layer of LSTM cells (DL4J's {@code LSTM}: no peepholes, sigmoid gates, tanh), in
 * one direction or both, run over a whole batch. The input half of every gate, for every token
 * and both directions, is one matrix product up front; each time step then multiplies only the
 * previous outputs of the sentences still running by the recurrent weights.
 * The backward direction reads each sentence's real tokens last to first, as the network's
 * mask-aware reversal vertices arrange; padding never enters a cell.
 */
final class LstmLayer {

    /** Whether there is a second core to run the backward direction on. */
    private static final boolean PARALLEL_DIRECTIONS = Runtime.getRuntime().availableProcessors() > 1;

    private final int inputSize;
    private final int hidden;
    private final ModelConfig.Direction direction;
    private final int directions;
    private final Gemm.Weights inputWeights;
    private final float[] bias;
    private final Gemm.Weights[] recurrentWeights;

    /**
     * Gate blocks follow DL4J's layout: of the {@code 4 * hidden} columns, block 0 is the cell input
     * (tanh), then the forget, output and input gates (sigmoid).
     *
     * @param inputWeights     {@code [inputSize, directions * 4 * hidden]}: each direction's
     *                         {@code W} side by side, forward first
     * @param bias             {@code directions * 4 * hidden} values, in the same order
     * @param recurrentWeights per direction, {@code RW [hidden, 4 * hidden]}
     */
    LstmLayer(ModelConfig.Direction direction, Gemm.Weights inputWeights, float[] bias, Gemm.Weights[] recurrentWeights) {
        this.direction = direction;
        this.directions = recurrentWeights.length;
        this.inputWeights = inputWeights;
        this.inputSize = inputWeights.rows();
        this.hidden = recurrentWeights[0].rows();
        this.bias = bias.clone();
        this.recurrentWeights = recurrentWeights.clone();
    }

    int inputSize() {
        return inputSize;
    }

    /** Size of each token's output: both directions side by side when concatenated. */
    int outputSize() {
        return direction == ModelConfig.Direction.BIDIRECTIONAL_CONCAT ? 2 * hidden : hidden;
    }

    /** The layer's outputs {@code [tokens, outputSize()]} for inputs {@code [tokens, inputSize()]}, row-major. */
    float[] apply(float[] input, Batch batch) {
        float[] projected = Gemm.times(input, batch.tokens(), inputWeights, bias);
        float[] output = new float[batch.tokens() * outputSize()];
        if (directions == 1) {
            run(0, projected, output, batch);
            return output;
        }
        // Given the projections the directions are independent, so with a second core the backward
        // one runs there while this thread runs the forward one. Concatenated, they write disjoint
        // columns of one array; added, the backward one writes its own and is added after.
        boolean added = direction == ModelConfig.Direction.BIDIRECTIONAL_ADD;
        float[] backwardOutput = added ? new float[batch.tokens() * hidden] : output;
        if (PARALLEL_DIRECTIONS) {
            ForkJoinTask<?> backward = ForkJoinPool.commonPool().submit(() -> run(1, projected, backwardOutput, batch));
            run(0, projected, output, batch);
            backward.join();
        } else {
            run(0, projected, output, batch);
            run(1, projected, backwardOutput, batch);
        }
        if (added) {
            for (int i = 0; i < output.length; i++) {
                output[i] += backwardOutput[i];
            }
        }
        return output;
    }

    /** Runs direction {@code d} (1 = backward) over every sentence, writing its outputs into its columns of {@code output}. */
    private void run(int d, float[] projected, float[] output, Batch batch) {
        int n = hidden;
        int gateCount = 4 * n;
        int projectedStride = directions * gateCount;
        int projectedOffset = d * gateCount;
        boolean concatenated = direction == ModelConfig.Direction.BIDIRECTIONAL_CONCAT;
        int outputStride = concatenated ? 2 * n : n;
        int outputOffset = d == 1 && concatenated ? n : 0;
        boolean backward = d == 1;

        int sentences = batch.sentences();
        // Row s of h, c and recurrent belongs to the s-th longest sentence.
        float[] h = new float[sentences * n];
        float[] c = new float[sentences * n];
        float[] recurrent = new float[sentences * gateCount];
        float[] gates = new float[gateCount];
        float[] cellOut = new float[n];
        int running = sentences;
        try (RecurrentProduct product = new RecurrentProduct(recurrentWeights[d], sentences)) {
            for (int t = 0; t < batch.maxLength(); t++) {
                while (batch.length(batch.longestFirst(running - 1)) <= t) {
                    running--;
                }
                if (t > 0) {
                    product.multiply(h, running, recurrent); // at t = 0 the state is zero
                }
                for (int s = 0; s < running; s++) {
                    int sentence = batch.longestFirst(s);
                    int position = backward ? batch.length(sentence) - 1 - t : t;
                    int row = batch.start(sentence) + position;
                    int from = row * projectedStride + projectedOffset;
                    if (t == 0) {
                        System.arraycopy(projected, from, gates, 0, gateCount);
                    } else {
                        int recurrentRow = s * gateCount;
                        for (int k = 0; k < gateCount; k++) {
                            gates[k] = projected[from + k] + recurrent[recurrentRow + k];
                        }
                    }
                    Activations.tanh(gates, 0, n);
                    Activations.sigmoid(gates, n, gateCount);
                    int state = s * n;
                    for (int j = 0; j < n; j++) {
                        // c = forget * c + input * cellInput, in DL4J's order of operations
                        float cell = gates[n + j] * c[state + j] + gates[3 * n + j] * gates[j];
                        c[state + j] = cell;
                        cellOut[j] = cell;
                    }
                    Activations.tanh(cellOut, 0, n);
                    int out = row * outputStride + outputOffset;
                    for (int j = 0; j < n; j++) {
                        float value = gates[2 * n + j] * cellOut[j];
                        h[state + j] = value;
                        output[out + j] = value;
                    }
                }
            }
        }
    }
}
