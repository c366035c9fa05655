package com.seqtag.model;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Sets how many threads ND4J's native code (OpenMP loops and BLAS) may use. A tagger's matrices
 * are small, so extra threads mostly add synchronisation: on two cores one thread per forward
 * pass measured 3-6x faster than the default. Setting {@code OMP_NUM_THREADS} before start-up
 * does the same for code that runs before this is called.
 */
public final class NativeThreads {

    private NativeThreads() {
    }

    /** Limits ND4J's native thread pools to {@code threads}. */
    public static void limitTo(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
