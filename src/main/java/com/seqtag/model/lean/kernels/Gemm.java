package com.seqtag.model.lean.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Matrix products through OpenBLAS's {@code cblas_sgemm}, the BLAS ND4J itself runs on, called
 * directly: an ND4J matrix-multiply op costs ~130 us of set-up per call (measured), more than the
 * arithmetic of a whole LSTM step for a small batch, where the direct call costs about a microsecond.
 */
public final class Gemm {

    private Gemm() {
    }

    /** A row-major float matrix in native memory: weights, read by any number of threads at once. */
    record Weights(FloatPointer values, int rows, int columns) {

        /** A native copy of {@code values}, a row-major {@code [rows, columns]} matrix. */
        static Weights of(float[] values, int rows, int columns) {
            FloatPointer pointer = new FloatPointer(values.length);
            pointer.put(values, 0, values.length);
            return new Weights(pointer, rows, columns);
        }
    }

    /** {@code result[0 .. rows) = input[0 .. rows) · weights}, all row-major in native memory. */
    static void multiply(FloatPointer input, int rows, Weights weights, FloatPointer result) {
        if (rows == 1) {
            // A vector times a matrix: gemv skips the panel packing that makes gemm slow for one row.
            cblas_sgemv(CblasRowMajor, CblasTrans, weights.rows(), weights.columns(), 1f, weights.values(),
                    weights.columns(), input, 1, 0f, result, 1);
            return;
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, weights.columns(), weights.rows(),
                1f, input, weights.rows(), weights.values(), weights.columns(), 0f, result, weights.columns());
    }

    /** A row-major Java copy of a float matrix or vector, whatever its ordering. */
    public static float[] toArray(INDArray array) {
        try (INDArray ordered = array.castTo(DataType.FLOAT).dup('c')) {
            return ordered.data().asFloat();
        }
    }
}
