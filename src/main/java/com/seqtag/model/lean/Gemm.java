package com.seqtag.model.lean;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multiplies row-major Java matrices by weight matrices that ND4J holds, so BLAS does the
 * arithmetic while the rest of the lean path works on plain arrays.
 */
final class Gemm {

    private Gemm() {
    }

    /**
     * {@code input · weights + bias} for {@code input [rows, weights.rows]}, row-major; the result is
     * {@code [rows, weights.columns]}, row-major.
     *
     * @param weights a {@code 'c'}-ordered float matrix
     * @param bias    one value per column, or null
     */
    static float[] times(float[] input, int rows, INDArray weights, float[] bias) {
        int in = (int) weights.size(0);
        int out = (int) weights.size(1);
        float[] result = new float[rows * out];
        if (rows == 0) {
            return result;
        }
        // Closed at once: left to the garbage collector, off-heap memory piles up between collections.
        try (INDArray x = Nd4j.create(input, new long[] {rows, in}, 'c');
             INDArray y = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, out}, 'c')) {
            Nd4j.gemm(x, weights, y, false, false, 1.0, 0.0);
            read(y, result, rows * out);
        }
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                int base = r * out;
                for (int j = 0; j < out; j++) {
                    result[base + j] += bias[j];
                }
            }
        }
        return result;
    }

    /** Copies the first {@code length} values of a fresh (offset 0, {@code 'c'}) array into {@code target}. */
    static void read(INDArray array, float[] target, int length) {
        new FloatPointer(array.data().addressPointer()).get(target, 0, length);
    }

    /** A row-major Java copy of a float matrix or vector, whatever its ordering. */
    static float[] toArray(INDArray array) {
        try (INDArray ordered = array.castTo(DataType.FLOAT).dup('c')) {
            return ordered.data().asFloat();
        }
    }
}
