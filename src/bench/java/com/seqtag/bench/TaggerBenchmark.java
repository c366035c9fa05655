package com.seqtag.bench;

import com.seqtag.decoding.TaggedSentence;
import com.seqtag.model.BlasKernels;
import com.seqtag.model.NativeThreads;
import com.seqtag.model.lean.PrecisionSetting;
import com.seqtag.model.Tagger;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process throughput of {@link Tagger#tagAll} with the bundled model on the CoNLL-2003 valid
 * split: {@code batch} consecutive sentences per call, ND4J limited to {@code nativeThreads}, the
 * lean path's products in {@code precision}. The {@code tokens} counter is tokens per second; run
 * under {@code taskset -c N} (scripts/benchmark.sh --per-core) it is tokens per CPU-second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@Threads(1)
@State(Scope.Benchmark)
public class TaggerBenchmark {

    /** Sentences per {@code tagAll} call. */
    @Param({"1", "32", "128"})
    public int batch;

    /** ND4J native threads (OpenMP and BLAS), set with {@link NativeThreads}. */
    @Param({"1", "2"})
    public int nativeThreads;

    /** {@code bundled}, or a {@code .seqtag} file to compare with it in the same run. */
    @Param({"bundled"})
    public String model;

    /** {@code seqtag.inference.precision}: {@code fp32}, {@code bf16}, {@code int8} or {@code auto}. */
    @Param({"fp32", "auto"})
    public String precision;

    private Tagger tagger;
    private Corpus corpus;

    /** Loads the model and the corpus once per fork. */
    @Setup(Level.Trial)
    public void load() {
        BlasKernels.select(); // as the service's main does, before ND4J loads OpenBLAS in this fork
        NativeThreads.limitTo(nativeThreads);
        tagger = SeqTagTagger.of(model, PrecisionSetting.valueOf(precision.toUpperCase(Locale.ROOT))).tagger();
        System.out.println("kernels: " + tagger.kernels());
        corpus = Corpus.valid();
    }

    /** Tags the next {@code batch} sentences in one call. */
    @Benchmark
    public List<TaggedSentence> tagAll(TokenCounter counter) {
        List<List<String>> sentences = corpus.nextBatch(batch);
        counter.add(sentences);
        return tagger.tagAll(sentences);
    }
}
