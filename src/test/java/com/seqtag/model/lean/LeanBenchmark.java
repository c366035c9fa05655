package com.seqtag.model.lean;

import com.seqtag.data.ConllReader;
import com.seqtag.data.LabeledSentence;
import com.seqtag.model.BlasKernels;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.NativeThreads;
import com.seqtag.model.Tagger;
import com.seqtag.store.BundledModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Timing harness, not a test: tokens per second of the bundled model tagging real sentences in
 * batches of 1, 32 and 128, through the lean path and through DL4J. Run by hand:
 * {@code java [-Dbatches=1,32,128] [-Dthreads=1] [-Dprecision=fp32,bf16,int8,auto] [-Drounds=1] -cp target/classes:target/test-classes:$(cat target/cp.txt)
 * com.seqtag.model.lean.LeanBenchmark /path/to/conll/valid.txt [lean|dl4j|both] [seconds]}
 * (the class path from {@code ./mvnw dependency:build-classpath -Dmdep.outputFile=target/cp.txt}).
 */
public final class LeanBenchmark {

    private LeanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BlasKernels.select();
        Path sentencesFile = Path.of(args[0]);
        String mode = args.length > 1 ? args[1] : "both";
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        NativeThreads.limitTo(Integer.getInteger("threads", 1));
        List<List<String>> sentences = new ArrayList<>();
        for (LabeledSentence sentence : new ConllReader().read(sentencesFile)) {
            sentences.add(sentence.words());
        }
        List<Tagger> taggers = new ArrayList<>();
        for (String precision : System.getProperty("precision", "fp32").split(",")) {
            Tagger tagger = BundledModel.read().tagger(EmbeddingStore.withBundled(),
                    PrecisionSetting.valueOf(precision.trim().toUpperCase(Locale.ROOT)));
            if (!mode.equals("dl4j")) {
                taggers.add(tagger);
            }
            if (!mode.equals("lean") && taggers.stream().noneMatch(t -> !t.usesLeanPath())) {
                taggers.add(tagger.withoutLeanPath());
            }
        }
        System.out.printf(Locale.ROOT, "%d sentences, %d tokens%n", sentences.size(),
                sentences.stream().mapToInt(List::size).sum());
        for (Tagger candidate : taggers) {
            run(candidate, sentences, 32, Math.min(seconds, 3)); // warm-up: JIT and native allocations
        }
        // Rounds alternate between the taggers, so that a noisy machine slows them alike.
        for (int round = 0; round < Integer.getInteger("rounds", 1); round++) {
            for (String size : System.getProperty("batches", "1,32,128").split(",")) {
                int batch = Integer.parseInt(size.trim());
                for (Tagger candidate : taggers) {
                    double[] rate = run(candidate, sentences, batch, seconds);
                    System.out.printf(Locale.ROOT, "%-60s batch %4d: %,9.0f tokens/s wall, %,9.0f tokens per CPU second%n",
                            candidate.kernels(), batch, rate[0], rate[1]);
                }
            }
        }
    }

    /**
     * Tags consecutive batches of the file's sentences for about {@code seconds}; answers tokens per
     * wall-clock second and per second of the process's CPU time (all threads, native work
     * included), the second being the fairer figure on a shared, busy machine.
     */
    private static double[] run(Tagger tagger, List<List<String>> sentences, int batch, double seconds) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long tokens = 0;
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        int from = 0;
        while (System.nanoTime() < deadline) {
            if (from + batch > sentences.size()) {
                from = 0;
            }
            List<List<String>> chunk = sentences.subList(from, from + batch);
            tagger.tagAll(chunk);
            for (List<String> sentence : chunk) {
                tokens += sentence.size();
            }
            from += batch;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        return new double[] {tokens / wall, tokens / cpu};
    }
}
