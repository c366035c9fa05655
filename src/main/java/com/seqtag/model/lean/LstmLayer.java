package com.seqtag.model.lean;

import com.seqtag.model.ModelConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One recurrent layer of LSTM cells (DL4J's {@code LSTM}: no peepholes, sigmoid gates, tanh), in
 * one direction or both, run over a whole batch. The input half of every gate, for every token
 * and both directions, is one matrix product up front; each time step then multiplies only the
 * previous outputs of the sentences still running by the recurrent weights.
 * The backward direction reads each sentence's real tokens last to first, as the network's
 * mask-aware reversal vertices arrange; padding never enters a cell.
 */
final class LstmLayer {

    private final int inputSize;
    private final int hidden;
    private final ModelConfig.Direction direction;
    private final int directions;
    private final INDArray inputWeights;
    private final float[] bias;
    private final INDArray[] recurrentWeights;

    /**
     * Gate blocks follow DL4J's layout: of the {@code 4 * hidden} columns, block 0 is the cell input
     * (tanh), then the forget, output and input gates (sigmoid).
     *
     * @param inputWeights     {@code [inputSize, directions * 4 * hidden]}, {@code 'c'} ordered: each
     *                         direction's {@code W} side by side, forward first
     * @param bias             {@code directions * 4 * hidden} values, in the same order
     * @param recurrentWeights per direction, {@code RW [hidden, 4 * hidden]}, {@code 'c'} ordered
     */
    LstmLayer(ModelConfig.Direction direction, INDArray inputWeights, float[] bias, INDArray[] recurrentWeights) {
        this.direction = direction;
        this.directions = recurrentWeights.length;
        this.inputWeights = inputWeights;
        this.inputSize = (int) inputWeights.size(0);
        this.hidden = (int) recurrentWeights[0].size(0);
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
        for (int d = 0; d < directions; d++) {
            run(d, projected, output, batch);
        }
        return output;
    }

    /** Runs direction {@code d} over every sentence, writing (or, for an added backward direction, adding) its outputs. */
    private void run(int d, float[] projected, float[] output, Batch batch) {
        int n = hidden;
        int gateCount = 4 * n;
        int projectedStride = directions * gateCount;
        int projectedOffset = d * gateCount;
        int outputStride = outputSize();
        int outputOffset = d == 1 && direction == ModelConfig.Direction.BIDIRECTIONAL_CONCAT ? n : 0;
        boolean accumulate = d == 1 && direction == ModelConfig.Direction.BIDIRECTIONAL_ADD;
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
                        output[out + j] = accumulate ? output[out + j] + value : value;
                    }
                }
            }
        }
    }
}
