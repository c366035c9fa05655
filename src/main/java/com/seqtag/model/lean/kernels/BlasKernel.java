package com.seqtag.model.lean.kernels;

import org.bytedeco.javacpp.FloatPointer;

/** Float products through OpenBLAS ({@link Gemm}): the path for CPUs or systems oneDNN does not run on. */
final class BlasKernel implements MatrixKernel {

    private final Gemm.Weights weights;
    private final float[] bias;

    /** @param bias one value per column, or null */
    BlasKernel(Gemm.Weights weights, float[] bias) {
        this.weights = weights;
        this.bias = bias == null ? null : bias.clone();
    }

    @Override
    public int inputSize() {
        return weights.rows();
    }

    @Override
    public int outputSize() {
        return weights.columns();
    }

    @Override
    public Precision precision() {
        return Precision.FP32;
    }

    @Override
    public Workspace workspace() {
        return new BlasWorkspace();
    }

    /** Native operands grown to the largest product seen, so a pass allocates them once. */
    private final class BlasWorkspace implements Workspace {

        private FloatPointer input = new FloatPointer(0);
        private FloatPointer output = new FloatPointer(0);
        private int capacityRows;

        @Override
        public void multiply(float[] values, int rows, float[] result) {
            int in = weights.rows();
            int out = weights.columns();
            if (rows == 0) {
                return;
            }
            if (rows > capacityRows) {
                close();
                input = new FloatPointer((long) rows * in);
                output = new FloatPointer((long) rows * out);
                capacityRows = rows;
            }
            input.put(values, 0, rows * in);
            Gemm.multiply(input, rows, weights, output);
            output.get(result, 0, rows * out);
            if (bias != null) {
                for (int r = 0; r < rows; r++) {
                    int base = r * out;
                    for (int j = 0; j < out; j++) {
                        result[base + j] += bias[j];
                    }
                }
            }
        }

        @Override
        public void close() {
            input.close();
            output.close();
        }
    }
}
