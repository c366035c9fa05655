package com.seqtag.data;

import java.util.List;

/** One annotated sentence: its words and one IOB2 label per word. */
public record LabeledSentence(List<String> words, List<String> labels) {

    public LabeledSentence {
        words = List.copyOf(words);
        labels = List.copyOf(labels);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a sentence needs at least one word");
        }
        if (words.size() != labels.size()) {
            throw new IllegalArgumentException(
                    "sentence has " + words.size() + " words but " + labels.size() + " labels");
        }
    }

    /** Number of tokens. */
    public int length() {
        return words.size();
    }
}
