/**
 * Annotated data and its labels: reads and validates CoNLL, groups sentences into length-bucketed
 * batches, and is the one IOB2 codec (parse and validate labels, spans to labels and back).
 */
package com.seqtag.data;
