package com.seqtag.model.lean.kernels;

/**
 * Makes a network's matrix kernels in one precision: oneDNN when it runs here, else OpenBLAS in fp32.
 */
public final class KernelFactory {

    /** Scale that maps an LSTM output, which lies in [-1, 1], onto the int8 range. */
    private static final float STATE_SCALE = 127f;

    private final Dnnl dnnl;
    private final Precision precision;

    private KernelFactory(Dnnl dnnl, Precision precision) {
        this.dnnl = dnnl;
        this.precision = precision;
    }

    /** Kernels in {@code precision} on oneDNN; {@code dnnl} must run that precision natively. */
    public static KernelFactory dnnl(Dnnl dnnl, Precision precision) {
        return new KernelFactory(dnnl, precision);
    }

    /** Float kernels on OpenBLAS, for when oneDNN does not load. */
    public static KernelFactory blas() {
        return new KernelFactory(null, Precision.FP32);
    }

    public Precision precision() {
        return precision;
    }

    /** What runs the products, for the log. */
    public String describe() {
        return dnnl == null ? "OpenBLAS fp32" : "oneDNN " + dnnl.version() + " " + precision.label() + " on " + dnnl.isaName();
    }

    /**
     * The input projection of a recurrent layer. Its inputs (embeddings, features) have no fixed
     * range, so int8 networks compute it in bf16, or in fp32 where bf16 is not native.
     */
    public MatrixKernel inputProjection(float[] weights, int rows, int columns, float[] bias) {
        Precision chosen = precision;
        if (chosen == Precision.INT8) {
            chosen = dnnl.nativeBf16() ? Precision.BF16 : Precision.FP32;
        }
        return kernel(weights, rows, columns, bias, chosen, 1f);
    }

    /** The recurrent product of one direction, {@code h · RW}; no bias. */
    public MatrixKernel recurrent(float[] weights, int rows, int columns) {
        return kernel(weights, rows, columns, null, precision, STATE_SCALE);
    }

    /** The output layer's emission scores: in fp32 whatever the precision (nine columns cost little). */
    public MatrixKernel output(float[] weights, int rows, int columns, float[] bias) {
        return kernel(weights, rows, columns, bias, Precision.FP32, 1f);
    }

    private MatrixKernel kernel(float[] weights, int rows, int columns, float[] bias, Precision chosen, float inputScale) {
        if (dnnl == null) {
            return new BlasKernel(Gemm.Weights.of(weights, rows, columns), bias);
        }
        return new DnnlKernel(dnnl, weights, rows, columns, bias, chosen, inputScale);
    }
}
