/**
 * Turns per-token label probabilities into an answer: constrained Viterbi or argmax labels, each
 * with its probability, and the entity spans with their scores. Knows labels, not networks.
 */
package com.seqtag.decoding;
