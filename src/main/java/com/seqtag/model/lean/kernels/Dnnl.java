package com.seqtag.model.lean.kernels;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.bytedeco.dnnl.global.dnnl.dnnl_version;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Optional;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_version_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's oneDNN CPU engine and what the CPU lets it do. oneDNN picks its kernels at run
 * time from the CPU's instruction sets, so one build runs everywhere; this class answers which
 * narrow formats run natively here, so that a format oneDNN would only emulate is never chosen.
 */
public final class Dnnl {

    private static final Logger log = LoggerFactory.getLogger(Dnnl.class);

    // Bits of oneDNN's dnnl_cpu_isa_t (dnnl_types.h): each ISA value includes the bits of those below it.
    private static final int SSE41 = 0x1;
    private static final int AVX = 0x3;
    private static final int AVX2 = 0x7;
    private static final int AVX512_CORE = 0x27;
    private static final int VNNI = 0x40;
    private static final int BF16 = 0x80;
    private static final int AMX = 0x300;
    private static final int AVX2_VNNI = 0x400;

    private final dnnl_engine engine;
    private final int isa;
    private final String version;
    private final Function ompSetNumThreads;
    private final ThreadLocal<Boolean> singleThreaded = ThreadLocal.withInitial(() -> false);

    private Dnnl(dnnl_engine engine, int isa, String version, Function ompSetNumThreads) {
        this.engine = engine;
        this.isa = isa;
        this.version = version;
        this.ompSetNumThreads = ompSetNumThreads;
    }

    /** The oneDNN runtime, or empty (with the reason logged once) when its native library does not load here. */
    public static Optional<Dnnl> runtime() {
        return Holder.RUNTIME;
    }

    /** Loaded on first use only: a process that never takes the lean path never loads oneDNN. */
    private static final class Holder {
        static final Optional<Dnnl> RUNTIME = load();
    }

    private static Optional<Dnnl> load() {
        try {
            dnnl_engine engine = new dnnl_engine();
            check(dnnl_engine_create(engine, dnnl_cpu, 0), "creating the CPU engine");
            dnnl_version_t v = dnnl_version();
            String version = v.major() + "." + v.minor() + "." + v.patch();
            return Optional.of(new Dnnl(engine, dnnl_get_effective_cpu_isa(), version, ompSetNumThreads()));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            log.warn("oneDNN is not available here ({}); matrix products run in fp32 on OpenBLAS", e.toString());
            return Optional.empty();
        }
    }

    /**
     * OpenMP's {@code omp_set_num_threads} in the OpenMP runtime oneDNN was linked with (already
     * loaded with it, so found by its soname), or null when it cannot be found.
     */
    private static Function ompSetNumThreads() {
        try {
            return NativeLibrary.getInstance("libgomp.so.1").getFunction("omp_set_num_threads");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.info("OpenMP runtime not found ({}); oneDNN uses its default thread count", e.toString());
            return null;
        }
    }

    dnnl_engine engine() {
        return engine;
    }

    /**
     * Makes this thread's oneDNN calls run on this thread alone. The lean path's products are
     * small, so a team of OpenMP threads per call costs more in hand-offs and spinning than it
     * gains, and the service already runs one forward pass per core. OpenMP keeps the setting per
     * thread, so it is made once per thread.
     */
    void runOnCallingThreadOnly() {
        if (ompSetNumThreads != null && !singleThreaded.get()) {
            ompSetNumThreads.invoke(new Object[] {1});
            singleThreaded.set(true);
        }
    }

    /** Whether this CPU computes bf16 products natively (AVX512-BF16 or AMX), not by emulation. */
    public boolean nativeBf16() {
        return (isa & BF16) != 0;
    }

    /** Whether this CPU computes int8 products natively (AVX512-VNNI, AVX-VNNI or AMX). */
    public boolean nativeInt8() {
        return (isa & VNNI) != 0 || (isa & AVX2_VNNI) != 0;
    }

    /** Whether {@code precision} runs natively here. */
    public boolean supports(Precision precision) {
        return switch (precision) {
            case FP32 -> true;
            case BF16 -> nativeBf16();
            case INT8 -> nativeInt8();
        };
    }

    /** The instruction set oneDNN dispatches to, in words for the log. */
    public String isaName() {
        if ((isa & AMX) == AMX) {
            return "AVX-512 with AMX (bf16, int8)";
        }
        if ((isa & BF16) != 0) {
            return "AVX-512 with BF16 and VNNI";
        }
        if ((isa & VNNI) != 0) {
            return "AVX-512 with VNNI";
        }
        if ((isa & AVX2_VNNI) != 0) {
            return "AVX2 with AVX-VNNI";
        }
        if ((isa & AVX512_CORE) == AVX512_CORE) {
            return "AVX-512";
        }
        return switch (isa) {
            case AVX2 -> "AVX2";
            case AVX -> "AVX";
            case SSE41 -> "SSE4.1";
            default -> "oneDNN ISA 0x" + Integer.toHexString(isa);
        };
    }

    public String version() {
        return version;
    }

    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed " + what + " (status " + status + ")");
        }
    }
}
