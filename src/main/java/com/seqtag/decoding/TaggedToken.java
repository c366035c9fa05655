package com.seqtag.decoding;

/**
 * One tagged word.
 *
 * @param word    the word as given
 * @param label   its IOB2 label
 * @param score   the model's probability for that label
 * @param unknown true when the word reached the network as UNK (no pretrained or learned vector)
 */
public record TaggedToken(String word, String label, double score, boolean unknown) {
}
