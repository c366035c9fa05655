package com.seqtag.model.lean;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The recurrent half of an LSTM step, {@code h · RW} for the sentences still running, on native
 * buffers allocated once per pass rather than once per step. Not shared between threads.
 */
final class RecurrentProduct implements AutoCloseable {

    private final INDArray recurrentWeights;
    private final int hidden;
    private final int gates;
    private final INDArray state;
    private final INDArray product;
    private final FloatPointer statePointer;
    private final FloatPointer productPointer;

    /**
     * @param recurrentWeights {@code [hidden, 4 * hidden]}, {@code 'c'} ordered
     * @param rows             the most rows any step multiplies
     */
    RecurrentProduct(INDArray recurrentWeights, int rows) {
        this.recurrentWeights = recurrentWeights;
        this.hidden = (int) recurrentWeights.size(0);
        this.gates = (int) recurrentWeights.size(1);
        this.state = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, hidden}, 'c');
        this.product = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, gates}, 'c');
        this.statePointer = new FloatPointer(state.data().addressPointer());
        this.productPointer = new FloatPointer(product.data().addressPointer());
    }

    /** {@code result[0 .. rows) = h[0 .. rows) · RW}, both row-major. */
    void multiply(float[] h, int rows, float[] result) {
        statePointer.put(h, 0, rows * hidden);
        // Row prefixes of 'c' arrays are contiguous views, so BLAS reads and writes them in place.
        INDArray a = state.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        INDArray c = product.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        Nd4j.gemm(a, recurrentWeights, c, false, false, 1.0, 0.0);
        productPointer.get(result, 0, rows * gates);
    }

    @Override
    public void close() {
        state.close();
        product.close();
    }
}
