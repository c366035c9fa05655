package com.seqtag.decoding;

import java.util.List;

/** The tagger's answer for one sentence: every token with its label, and the entities they form. */
public record TaggedSentence(List<TaggedToken> tokens, List<ScoredEntity> entities) {

    public TaggedSentence {
        tokens = List.copyOf(tokens);
        entities = List.copyOf(entities);
    }
}
