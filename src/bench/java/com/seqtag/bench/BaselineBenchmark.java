package com.seqtag.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One-thread throughput of the baseline taggers on the same corpus, one sentence per call (neither
 * batches). The {@code tokens} counter is tokens per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Threads(1)
public class BaselineBenchmark {

    /** Apache OpenNLP NameFinderME, trained on the train split (cached). */
    @Benchmark
    public List<String> openNlp(OpenNlp state, TokenCounter counter) {
        return state.tag(counter);
    }

    /** Stanford CoreNLP CRFClassifier, CoNLL 4-class model. */
    @Benchmark
    public List<String> coreNlp(CoreNlp state, TokenCounter counter) {
        return state.tag(counter);
    }

    /** A baseline tagger with its own cursor over the corpus. */
    abstract static class Baseline {
        private SentenceTagger tagger;
        private Corpus corpus;

        void load(SentenceTagger loaded) {
            tagger = loaded;
            corpus = Corpus.valid();
        }

        List<String> tag(TokenCounter counter) {
            List<String> sentence = corpus.nextSentence();
            counter.tokens += sentence.size();
            return tagger.labels(sentence);
        }
    }

    /** State holding the OpenNLP tagger. */
    @State(Scope.Thread)
    public static class OpenNlp extends Baseline {
        /** Trains (or reads the cached) model. */
        @Setup(Level.Trial)
        public void setUp() {
            load(OpenNlpTagger.trainedOrCached());
        }
    }

    /** State holding the CoreNLP tagger. */
    @State(Scope.Thread)
    public static class CoreNlp extends Baseline {
        /** Loads the model from the class path. */
        @Setup(Level.Trial)
        public void setUp() {
            load(CoreNlpTagger.conll4Class());
        }
    }
}
