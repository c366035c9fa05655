package com.seqtag.model.lean.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** oneDNN's products against plain Java arithmetic, for every precision, row count and chunking. */
class DnnlKernelTest {

    private static final int IN = 37;
    private static final int OUT = 52;
    private final Random random = new Random(7);
    private final float[] weights = values(IN * OUT, 0.3f);
    private final float[] bias = values(OUT, 1f);

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 17, 64, 65, 150})
    void fp32ProductsEqualPlainArithmeticForAnyNumberOfRows(int rows) {
        MatrixKernel kernel = new DnnlKernel(dnnl(), weights, IN, OUT, bias, Precision.FP32, 1f);
        float[] input = values(rows * IN, 1f);
        assertThat(largestError(kernel, input, rows)).isLessThan(1e-4);
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "INT8"})
    void narrowedProductsStayWithinTheirFormatsPrecision(Precision precision) {
        // int8 inputs are scaled by 127, as an LSTM's outputs in [-1, 1] are.
        MatrixKernel kernel = new DnnlKernel(dnnl(), weights, IN, OUT, bias, precision, 127f);
        int rows = 70;
        float[] input = values(rows * IN, 1f);
        for (int i = 0; i < input.length; i++) {
            input[i] = Math.max(-1, Math.min(1, input[i]));
        }
        // Products of 37 terms of size ~0.3: bf16 keeps 8 bits, int8 7 bits, of each operand.
        assertThat(largestError(kernel, input, rows)).isLessThan(precision == Precision.BF16 ? 0.03 : 0.08).isGreaterThan(0);
    }

    @Test
    void theOpenBlasKernelComputesTheSameProducts() {
        MatrixKernel kernel = new BlasKernel(Gemm.Weights.of(weights, IN, OUT), bias);
        assertThat(largestError(kernel, values(9 * IN, 1f), 9)).isLessThan(1e-4);
    }

    @Test
    void threadsMultiplyConcurrentlyThroughTheirOwnWorkspaces() throws Exception {
        MatrixKernel kernel = new DnnlKernel(dnnl(), weights, IN, OUT, bias, Precision.BF16, 1f);
        float[] input = values(40 * IN, 1f);
        float[] expected = new float[40 * OUT];
        try (MatrixKernel.Workspace workspace = kernel.workspace()) {
            workspace.multiply(input, 40, expected);
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] runs = new Future<?>[8];
            for (int r = 0; r < runs.length; r++) {
                runs[r] = threads.submit(() -> {
                    try (MatrixKernel.Workspace workspace = kernel.workspace()) {
                        for (int i = 0; i < 50; i++) {
                            float[] result = new float[40 * OUT];
                            workspace.multiply(input, 40, result);
                            assertThat(result).containsExactly(expected);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void quantisationRoundsAndSaturatesSymmetrically() {
        assertThat(DnnlKernel.quantize(2.5f)).isEqualTo((byte) 3);
        assertThat(DnnlKernel.quantize(-2.5f)).isEqualTo((byte) -3);
        assertThat(DnnlKernel.quantize(300f)).isEqualTo((byte) 127);
        assertThat(DnnlKernel.quantize(-300f)).isEqualTo((byte) -127);
        assertThat(Float.intBitsToFloat(DnnlKernel.bfloat16(1.00390625f) << 16)).isEqualTo(1f); // a tie, to even
        assertThat(Float.intBitsToFloat(DnnlKernel.bfloat16(-3.14159f) << 16)).isEqualTo(-3.140625f);
    }

    private static Dnnl dnnl() {
        return Dnnl.runtime().orElseThrow(() -> new AssertionError("oneDNN must load on the test machine"));
    }

    private double largestError(MatrixKernel kernel, float[] input, int rows) {
        float[] result = new float[rows * OUT];
        try (MatrixKernel.Workspace workspace = kernel.workspace()) {
            workspace.multiply(input, rows, result);
        }
        double largest = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < OUT; j++) {
                double expected = bias[j];
                for (int k = 0; k < IN; k++) {
                    expected += (double) input[r * IN + k] * weights[k * OUT + j];
                }
                largest = Math.max(largest, Math.abs(expected - result[r * OUT + j]));
            }
        }
        return largest;
    }

    private float[] values(int count, float scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return values;
    }
}
