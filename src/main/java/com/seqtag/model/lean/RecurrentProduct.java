package com.seqtag.model.lean;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The recurrent half of an LSTM step, {@code h · RW} for the sentences still running, on native
 * buffers allocated once per pass rather than once per step. Not shared between threads.
 */
final class RecurrentProduct implements AutoCloseable {

    private final Gemm.Weights recurrentWeights;
    private final FloatPointer state;
    private final FloatPointer product;

    /**
     * @param recurrentWeights {@code RW [hidden, 4 * hidden]}
     * @param rows             the most rows any step multiplies
     */
    RecurrentProduct(Gemm.Weights recurrentWeights, int rows) {
        this.recurrentWeights = recurrentWeights;
        this.state = new FloatPointer((long) rows * recurrentWeights.rows());
        this.product = new FloatPointer((long) rows * recurrentWeights.columns());
    }

    /** {@code result[0 .. rows) = h[0 .. rows) · RW}, both row-major. */
    void multiply(float[] h, int rows, float[] result) {
        state.put(h, 0, rows * recurrentWeights.rows());
        Gemm.multiply(state, rows, recurrentWeights, product);
        product.get(result, 0, rows * recurrentWeights.columns());
    }

    @Override
    public void close() {
        state.close();
        product.close();
    }
}
