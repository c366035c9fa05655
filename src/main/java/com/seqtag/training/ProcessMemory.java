package com.seqtag.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of this process as the kernel counts it: Java heap, ND4J's off-heap
 * buffers and workspaces, and native libraries together, which is what a memory limit sees.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** Resident set size in MiB, or -1 where {@code /proc} is unavailable (not Linux). */
    public static long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc: report "unknown" rather than fail a training run over a statistic.
        }
        return -1;
    }
}
