package com.seqtag.model.lean.kernels;

/**
 * A weight matrix {@code W [inputSize, outputSize]} (with an optional bias per column) prepared
 * once for the products {@code input · W + bias} a layer computes over and over. Thread-safe; each
 * thread multiplies through a {@link Workspace} of its own.
 */
public interface MatrixKernel {

    int inputSize();

    int outputSize();

    /** The number format the products run in. */
    Precision precision();

    /**
     * A workspace for the calling thread's products (native buffers reused from one call to the
     * next); a kernel may hand each thread the same one every time.
     */
    Workspace workspace();

    /** Buffers for one thread's products; closed when the thread's pass ends (a kept one ignores it). */
    interface Workspace extends AutoCloseable {

        /**
         * {@code result[0 .. rows * outputSize) = input[0 .. rows * inputSize) · W + bias}, row-major.
         */
        void multiply(float[] input, int rows, float[] result);

        @Override
        void close();
    }
}
