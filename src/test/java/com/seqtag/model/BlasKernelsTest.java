package com.seqtag.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which OpenBLAS kernels a CPU's feature flags allow. */
class BlasKernelsTest {

    @Test
    void avx512WithAllItsPartsGetsSkylakeXKernels() {
        assertThat(BlasKernels.coreTypeFor(Set.of("sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw",
                "avx512dq", "avx512vl"))).contains("SkylakeX");
    }

    @Test
    void avx512WithoutBwOrVlGetsHaswellKernels() {
        assertThat(BlasKernels.coreTypeFor(Set.of("avx2", "fma", "avx512f", "avx512cd"))).contains("Haswell");
    }

    @Test
    void olderCpusAreLeftToOpenBlas() {
        assertThat(BlasKernels.coreTypeFor(Set.of("sse3", "avx"))).isEmpty();
        assertThat(BlasKernels.coreTypeFor(Set.of())).isEmpty();
    }
}
