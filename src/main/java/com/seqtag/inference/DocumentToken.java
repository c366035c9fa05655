package com.seqtag.inference;

/**
 * A tagged token of a document, with offsets into the document text (UTF-16 code units).
 *
 * @param text    the token as it appears in the text
 * @param start   offset of its first character
 * @param end     offset just past its last character
 * @param label   its IOB2 label
 * @param score   the model's probability for that label
 * @param unknown true when the word was mapped to UNK
 */
public record DocumentToken(String text, int start, int end, String label, double score, boolean unknown) {
}
