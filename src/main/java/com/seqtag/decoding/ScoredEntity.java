package com.seqtag.decoding;

import com.seqtag.data.EntitySpan;

/**
 * An entity with a confidence: the probability that the whole span is right (every token's label,
 * and the span ending where it does), from the per-token label probabilities.
 */
public record ScoredEntity(EntitySpan span, double score) {
}
