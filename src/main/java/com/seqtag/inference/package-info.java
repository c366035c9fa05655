/**
 * Runs the tagger over documents fast and safely under concurrency: tokenizing, sentence splitting,
 * batching the sentences of one or many requests into forward passes through a bounded queue, and
 * mapping tokens and entities back to document offsets.
 */
package com.seqtag.inference;
