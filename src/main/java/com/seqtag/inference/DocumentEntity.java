package com.seqtag.inference;

/**
 * An entity of a document, with offsets into the document text (UTF-16 code units).
 *
 * @param text  the entity's text, {@code document.substring(start, end)}
 * @param type  entity type, e.g. {@code PER}
 * @param start offset of its first character
 * @param end   offset just past its last character
 * @param score the probability that the whole span is right (see {@link com.seqtag.decoding.ScoredEntity})
 */
public record DocumentEntity(String text, String type, int start, int end, double score) {
}
