package com.seqtag.model.lean;

import com.seqtag.model.lean.kernels.Precision;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What {@code seqtag.inference.precision} asks for: a precision, or the fastest one that holds up. */
public enum PrecisionSetting {

    /**
     * The fastest precision on this CPU whose answers pass the load-time check: the native narrow
     * ones that pass are timed against fp32 on the probe text, and one is taken only if it is
     * clearly faster ({@link PrecisionCheck#MIN_SPEEDUP}).
     */
    AUTO,
    FP32,
    BF16,
    INT8;

    /** The configuration spelling. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The named precision, or empty for {@link #AUTO}. */
    public Optional<Precision> fixed() {
        return this == AUTO ? Optional.empty() : Optional.of(Precision.valueOf(name()));
    }

    /**
     * The narrowed precisions to try, in order; fp32 is what is left when none is taken.
     * {@link #AUTO} tries both and times those that pass. A named precision the CPU does not run
     * natively falls back to the other narrow one.
     */
    List<Precision> candidates() {
        return switch (this) {
            case AUTO, BF16 -> List.of(Precision.BF16, Precision.INT8);
            case INT8 -> List.of(Precision.INT8, Precision.BF16);
            case FP32 -> List.of();
        };
    }
}
