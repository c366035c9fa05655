package com.seqtag.bench;

import java.util.List;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Counts the tokens a benchmark tagged; JMH reports the count per second as {@code tokens}. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class TokenCounter {

    /** Tokens tagged in this iteration. */
    public long tokens;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        tokens = 0;
    }

    /** Adds the tokens of {@code sentences}. */
    void add(List<? extends List<String>> sentences) {
        for (List<String> sentence : sentences) {
            tokens += sentence.size();
        }
    }
}
