/**
 * Runs the tagger over documents: tokenizing, sentence splitting, batching the sentences of one or
 * many documents into forward passes, offsets, and grouping tagged tokens into entity runs.
 */
package com.seqtag.inference;
