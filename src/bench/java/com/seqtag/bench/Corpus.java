package com.seqtag.bench;

import com.seqtag.data.ConllReader;
import com.seqtag.data.LabeledSentence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The sentences of a CoNLL split, with a cursor that hands them out in batches, wrapping around. */
public final class Corpus {

    private final List<LabeledSentence> sentences;
    private final List<List<String>> words;
    private int next;

    private Corpus(List<LabeledSentence> sentences) {
        this.sentences = List.copyOf(sentences);
        this.words = sentences.stream().map(LabeledSentence::words).toList();
    }

    /** Reads a split with the project's {@link ConllReader}. */
    public static Corpus read(Path file) {
        return new Corpus(new ConllReader().read(file));
    }

    /** The valid split named by {@link BenchPaths#valid()}. */
    public static Corpus valid() {
        return read(BenchPaths.valid());
    }

    /** Every sentence with its gold labels. */
    public List<LabeledSentence> sentences() {
        return sentences;
    }

    /** The next {@code count} sentences' words, continuing where the previous call stopped. */
    public List<List<String>> nextBatch(int count) {
        if (count == 1) {
            List<String> one = words.get(next);
            next = (next + 1) % words.size();
            return List.of(one);
        }
        List<List<String>> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(words.get(next));
            next = (next + 1) % words.size();
        }
        return batch;
    }

    /** The next sentence's words. */
    public List<String> nextSentence() {
        return nextBatch(1).get(0);
    }
}
