package com.seqtag.model.lean;

import com.seqtag.model.ModelConfig;
import com.seqtag.model.lean.kernels.MatrixKernel;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * One recurrent layer of LSTM cells (DL4J's {@code LSTM}: no peepholes, sigmoid gates, tanh), in
 * one direction or both, run over a whole batch. The input half of every gate, for every token
 * and both directions, is one matrix product up front; each time step then multiplies only the
 * previous outputs of the sentences still running by the recurrent weights.
 * The backward direction reads each sentence's real tokens last to first, as the network's
 * mask-aware reversal vertices arrange; padding never enters a cell. The products run on
 * {@link MatrixKernel}s (oneDNN in the chosen precision, or OpenBLAS), the element-wise part of
 * each step on a {@link GateLoop}.
 */
final class LstmLayer {

    /** Whether there is a second core to run the backward direction on. */
    private static final boolean PARALLEL_DIRECTIONS = Runtime.getRuntime().availableProcessors() > 1;

    private final int hidden;
    private final ModelConfig.Direction direction;
    private final int directions;
    private final MatrixKernel inputProjection;
    private final MatrixKernel[] recurrent;
    private final GateLoop gates;

    /**
     * @param inputProjection {@code [inputSize, directions * 4 * hidden]}: each direction's {@code W}
     *                        side by side, forward first, with the biases in the same order
     * @param recurrent       per direction, {@code RW [hidden, 4 * hidden]}
     */
    LstmLayer(ModelConfig.Direction direction, MatrixKernel inputProjection, MatrixKernel[] recurrent, GateLoop gates) {
        this.direction = direction;
        this.directions = recurrent.length;
        this.inputProjection = inputProjection;
        this.hidden = recurrent[0].inputSize();
        this.recurrent = recurrent.clone();
        this.gates = gates;
    }

    int inputSize() {
        return inputProjection.inputSize();
    }

    /** Size of each token's output: both directions side by side when concatenated. */
    int outputSize() {
        return direction == ModelConfig.Direction.BIDIRECTIONAL_CONCAT ? 2 * hidden : hidden;
    }

    /** The layer's outputs {@code [tokens, outputSize()]} for inputs {@code [tokens, inputSize()]}, row-major. */
    float[] apply(float[] input, Batch batch) {
        return recur(projectRows(input, batch.tokens()), batch);
    }

    /** Width of {@link #projectRows}'s rows: every gate of every direction. */
    int projectionSize() {
        return inputProjection.outputSize();
    }

    /**
     * The input part of every gate, one array of {@code projectionSize()} values per row, for
     * inputs {@code [rows, inputSize()]}: the form {@link #recur} reads and the cache keeps.
     */
    float[][] projectRows(float[] input, int rows) {
        int width = inputProjection.outputSize();
        float[] projected = new float[rows * width];
        try (MatrixKernel.Workspace product = inputProjection.workspace()) {
            product.multiply(input, rows, projected);
        }
        float[][] split = new float[rows][];
        for (int row = 0; row < rows; row++) {
            split[row] = Arrays.copyOfRange(projected, row * width, (row + 1) * width);
        }
        return split;
    }

    /**
     * The layer's outputs {@code [tokens, outputSize()]} given each token's {@link #projectRows
     * projection}, one array per token row: tokens of one spelling may share one array (see
     * {@link ProjectionCache}), which the step loop then reads from cache rather than from a copy.
     */
    float[] recur(float[][] projected, Batch batch) {
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
    private void run(int d, float[][] projected, float[] output, Batch batch) {
        int n = hidden;
        int gateCount = 4 * n;
        int projectedOffset = d * gateCount;
        boolean concatenated = direction == ModelConfig.Direction.BIDIRECTIONAL_CONCAT;
        int outputStride = concatenated ? 2 * n : n;
        int outputOffset = d == 1 && concatenated ? n : 0;
        boolean backward = d == 1;

        int sentences = batch.sentences();
        // Row s of h, c and products belongs to the s-th longest sentence.
        float[] h = new float[sentences * n];
        float[] c = new float[sentences * n];
        float[] products = new float[sentences * gateCount];
        float[] scratch = new float[gateCount];
        int running = sentences;
        try (MatrixKernel.Workspace product = recurrent[d].workspace()) {
            for (int t = 0; t < batch.maxLength(); t++) {
                while (batch.length(batch.longestFirst(running - 1)) <= t) {
                    running--;
                }
                if (t > 0) {
                    product.multiply(h, running, products); // at t = 0 the state is zero
                }
                for (int s = 0; s < running; s++) {
                    int sentence = batch.longestFirst(s);
                    int position = backward ? batch.length(sentence) - 1 - t : t;
                    int row = batch.start(sentence) + position;
                    gates.step(projected[row], projectedOffset, t == 0 ? null : products,
                            s * gateCount, c, h, s * n, output, row * outputStride + outputOffset, n, scratch);
                }
            }
        }
    }
}
