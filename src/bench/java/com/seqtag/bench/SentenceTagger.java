package com.seqtag.bench;

import java.util.List;

/** Anything that labels a tokenized sentence with IOB2 labels, so taggers can be scored alike. */
public interface SentenceTagger {

    /** A short name for tables. */
    String name();

    /** One IOB2 label per word. */
    List<String> labels(List<String> words);
}
