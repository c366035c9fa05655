package com.seqtag.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes OpenBLAS use the matrix kernels this CPU supports. OpenBLAS picks its kernels by CPU
 * model, and on virtual machines whose CPU model it does not know it falls back to its oldest
 * (Prescott, SSE3) kernels: on this project's 2-core Xeon VM with AVX-512 that ran matrix products
 * 4-7x slower than its SkylakeX kernels. Choosing by the CPU's feature flags instead is safe (a
 * kernel is only chosen when every instruction set it uses is present) and must happen before
 * OpenBLAS is loaded, because it reads {@code OPENBLAS_CORETYPE} once, when it is loaded.
 */
public final class BlasKernels {

    /** The environment variable OpenBLAS reads its kernel choice from. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Set<String> SKYLAKE_X = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    private static final Set<String> HASWELL = Set.of("avx2", "fma");

    private BlasKernels() {
    }

    /**
     * Sets {@code OPENBLAS_CORETYPE} for this process from the CPU's flags, unless it is already set
     * (an operator's choice wins) or the flags cannot be read (not Linux). Call it before anything
     * touches ND4J or OpenBLAS.
     *
     * @return the kernel type chosen, if one was
     */
    public static Optional<String> select() {
        if (System.getenv(VARIABLE) != null) {
            return Optional.empty();
        }
        Optional<String> coreType = cpuFlags().flatMap(BlasKernels::coreTypeFor);
        coreType.ifPresent(type -> {
            try {
                LibC.INSTANCE.setenv(VARIABLE, type, 0);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // No libc to call (not Linux/glibc): OpenBLAS keeps its own choice.
            }
        });
        return coreType;
    }

    /** The kernel type OpenBLAS is told to use in this process, if any. */
    public static Optional<String> current() {
        try {
            return Optional.ofNullable(LibC.INSTANCE.getenv(VARIABLE));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.ofNullable(System.getenv(VARIABLE));
        }
    }

    /** The best OpenBLAS kernel type for a CPU with these feature flags (as in /proc/cpuinfo). */
    static Optional<String> coreTypeFor(Set<String> flags) {
        if (flags.containsAll(SKYLAKE_X)) {
            return Optional.of("SkylakeX");
        }
        if (flags.containsAll(HASWELL)) {
            return Optional.of("Haswell");
        }
        return Optional.empty();
    }

    private static Optional<Set<String>> cpuFlags() {
        try {
            List<String> lines = Files.readAllLines(CPU_INFO);
            return lines.stream().filter(line -> line.startsWith("flags")).findFirst()
                    .map(line -> Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                            .collect(Collectors.toSet()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The two C library functions needed; Java cannot change its own process environment. */
    interface LibC extends Library {
        LibC INSTANCE = Native.loadLibrary("c", LibC.class);

        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }
}
