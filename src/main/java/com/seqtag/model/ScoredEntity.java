package com.seqtag.model;

/**
 * An entity with a confidence: the lowest probability among its tokens' labels, so one doubtful
 * token makes the whole span doubtful (a span is only right when every one of its labels is).
 */
public record ScoredEntity(EntitySpan span, double score) {
}
