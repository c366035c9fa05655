package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.factory.Nd4j;

/** What a finished training job's memory release gives back. */
class NativeMemoryTest {

    private static final int BLOCK_BYTES = 64 * 1024;
    private static final int HOLES = 2048;

    @Test
    void trimmingReturnsPagesFreedInsideTheCHeapToTheSystem() {
        assumeTrue(Platform.isLinux(), "glibc and /proc are Linux's");
        // Blocks below glibc's mmap threshold come from a malloc arena, as ND4J's small arrays do.
        // Every other one is freed: 128 MiB of holes between blocks still in use, which free()
        // alone never returns to the system (it only gives back the top of a heap).
        long[] blocks = new long[2 * HOLES];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = Native.malloc(BLOCK_BYTES);
            new Pointer(blocks[i]).setMemory(0, BLOCK_BYTES, (byte) 1);
        }
        for (int i = 0; i < blocks.length; i += 2) {
            Native.free(blocks[i]);
        }
        long withHoles = ProcessMemory.residentMegabytes();

        boolean trimmed = NativeMemory.trimNativeHeap();
        long afterTrim = ProcessMemory.residentMegabytes();
        for (int i = 1; i < blocks.length; i += 2) {
            Native.free(blocks[i]);
        }

        assertThat(trimmed).isTrue();
        assertThat(withHoles - afterTrim).as("MiB given back of 128 freed").isGreaterThan(96);
    }

    @Test
    void releaseDestroysTheCallingThreadsWorkspaces() {
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(8L * 1024 * 1024).build();
        try (MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "job")) {
            Nd4j.create(DataType.FLOAT, 256, 256).addi(1);
        }
        assertThat(Nd4j.getWorkspaceManager().checkIfWorkspaceExists("job")).isTrue();

        NativeMemory.Released released = NativeMemory.releaseAfterTraining();

        assertThat(Nd4j.getWorkspaceManager().checkIfWorkspaceExists("job")).isFalse();
        assertThat(released.nativeHeapTrimmed()).isEqualTo(Platform.isLinux());
        assertThat(released.residentAfterMb()).isPositive();
    }

    @Test
    void releaseRunsExactlyOneFullCollection() {
        // One is needed to free the job's arrays and shrink the heap; a second only lengthens the
        // pause, which G1 answers by growing the heap again (docs/replicas.md, "Memory after a retrain").
        GarbageCollectorMXBean fullCollections = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(bean -> bean.getName().equals("G1 Old Generation")).findFirst().orElse(null);
        assumeTrue(fullCollections != null, "counts G1's full collections");
        long before = fullCollections.getCollectionCount();

        NativeMemory.releaseAfterTraining();

        assertThat(fullCollections.getCollectionCount() - before).isEqualTo(1);
    }

    @Test
    void theJobsCollectionKeepsLittleFreeHeapAndTheBoundsAreRestoredAfterwards() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        String[] during = new String[2];

        NativeMemory.withTightHeap(() -> {
            during[0] = vm.getVMOption("MinHeapFreeRatio").getValue();
            during[1] = vm.getVMOption("MaxHeapFreeRatio").getValue();
        });

        assertThat(during).containsExactly("0", "10");
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(min);
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(max);
    }
}
