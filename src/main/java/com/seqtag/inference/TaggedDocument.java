package com.seqtag.inference;

import java.util.List;

/** The tagger's answer for one document: which model answered, every token, every entity. */
public record TaggedDocument(String model, String text, List<DocumentToken> tokens, List<DocumentEntity> entities) {

    public TaggedDocument {
        tokens = List.copyOf(tokens);
        entities = List.copyOf(entities);
    }
}
