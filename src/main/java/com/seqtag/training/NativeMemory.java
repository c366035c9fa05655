package com.seqtag.training;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gives back to the operating system the memory a finished training job leaves behind. */
public final class NativeMemory {

    private static final Logger log = LoggerFactory.getLogger(NativeMemory.class);
    /**
     * How long ND4J's deallocator threads get to free the native buffers of the arrays a collection
     * found unreachable: they do it asynchronously, from reference queues, within milliseconds.
     */
    private static final Duration DEALLOCATION_GRACE = Duration.ofMillis(500);

    private NativeMemory() {
    }

    /**
     * What {@link #releaseAfterTraining()} achieved.
     *
     * @param residentBeforeMb resident set size before, in MiB (-1 where unknown)
     * @param residentAfterMb  resident set size after, in MiB (-1 where unknown)
     * @param nativeHeapTrimmed whether glibc's {@code malloc_trim} could be called
     */
    public record Released(long residentBeforeMb, long residentAfterMb, boolean nativeHeapTrimmed) {
    }

    /**
     * Frees what the calling thread's training left allocated: its ND4J workspaces, the Java heap
     * it grew (one full collection, after which G1 uncommits free regions) together with the
     * native buffers of the arrays that collection finds unreachable, and finally the free pages of
     * the C heap. Blocks the caller for about a second; call it on the training thread once a job
     * ended.
     */
    public static Released releaseAfterTraining() {
        long before = ProcessMemory.residentMegabytes();
        // The training thread lives on between jobs; without this its ND4J workspaces (hundreds of
        // MB off-heap for a full-size model) would stay allocated while the service only tags.
        // ND4J ends this with System.gc(), the one full collection a job needs: G1 shrinks the heap
        // training grew, and the job's arrays become unreachable, so ND4J frees their native
        // buffers. A second System.gc() here (as before) doubled the pause, and G1 counts that
        // pause against its GC-time goal and answered it by growing the heap again under load.
        // During that collection G1 keeps at most 10 % of the heap free rather than 70 %, so the
        // heap training grew goes back; G1 then grows it to what tagging needs, not what training did.
        withTightHeap(() -> Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread());
        try {
            Thread.sleep(DEALLOCATION_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean trimmed = trimNativeHeap();
        long after = ProcessMemory.residentMegabytes();
        log.info("memory after training: resident {} MiB -> {} MiB{}", before, after,
                trimmed ? "" : " (no glibc: the C heap was not trimmed)");
        return new Released(before, after, trimmed);
    }

    /**
     * Runs {@code action} with G1's free-heap bounds (the manageable flags {@code MinHeapFreeRatio}
     * and {@code MaxHeapFreeRatio}, 40 and 70 by default) at 0 and 10, then restores them. Where
     * they cannot be set (another JVM) the action runs with the JVM's own bounds.
     */
    static void withTightHeap(Runnable action) {
        HotSpotDiagnosticMXBean vm;
        String min;
        String max;
        try {
            vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            min = vm.getVMOption("MinHeapFreeRatio").getValue();
            max = vm.getVMOption("MaxHeapFreeRatio").getValue();
            vm.setVMOption("MinHeapFreeRatio", "0");
            vm.setVMOption("MaxHeapFreeRatio", "10");
        } catch (RuntimeException e) {
            action.run();
            return;
        }
        try {
            action.run();
        } finally {
            // Maximum first: the JVM refuses a minimum above the maximum.
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        }
    }

    /**
     * Returns the free pages of every glibc malloc arena to the operating system. ND4J's arrays are
     * allocated with malloc, and glibc keeps what they free in its arenas (up to 8 per core, one
     * per busy thread) for reuse, so after a training job the process would keep its peak size
     * until the arenas happened to be reused. A no-op where the C library is not glibc.
     *
     * @return whether {@code malloc_trim} was called (false without glibc)
     */
    public static boolean trimNativeHeap() {
        try {
            CLibrary.INSTANCE.malloc_trim(new NativeLong(0));
            return true;
        } catch (LinkageError | RuntimeException e) {
            // No glibc (musl, macOS): nothing to trim through this call.
            return false;
        }
    }

    /** glibc's trim call; loading fails (a LinkageError) where the C library lacks it. */
    interface CLibrary extends Library {
        CLibrary INSTANCE = Native.loadLibrary("c", CLibrary.class);

        int malloc_trim(NativeLong pad);
    }
}
