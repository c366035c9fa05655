package com.seqtag.inference;

import java.util.List;
import java.util.Objects;

/** One document to tag: raw text, or words someone else already tokenized. */
public sealed interface DocumentInput {

    /** Raw text; the tagger tokenizes it and keeps offsets into it. */
    record Text(String text) implements DocumentInput {

        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Pre-tokenized words; offsets refer to them joined by single spaces. */
    record Tokens(List<String> words) implements DocumentInput {

        public Tokens {
            words = List.copyOf(words);
        }
    }
}
