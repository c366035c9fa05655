package com.seqtag.model.lean.kernels;

import java.util.Locale;

/**
 * The number format of the lean path's matrix products. Activations, the cell state, the gate
 * arithmetic and the CRF stay in float whatever is chosen; only the operands of the two large
 * products per token (the input projection and the recurrent product) are narrowed.
 */
public enum Precision {

    /** Float operands, OpenBLAS or oneDNN: the reference every other choice is checked against. */
    FP32,

    /** bfloat16 operands (8 bits of mantissa), float accumulation: oneDNN on AVX512-BF16 or AMX. */
    BF16,

    /**
     * 8-bit integer recurrent products (weights with one scale per output column, the previous
     * outputs with the fixed scale 127, as they lie in [-1, 1]) on AVX512-VNNI, AVX-VNNI or AMX;
     * the input projection, whose inputs have no fixed range, in bf16 (or fp32 without BF16).
     */
    INT8;

    /** The configuration spelling: {@code fp32}, {@code bf16}, {@code int8}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
