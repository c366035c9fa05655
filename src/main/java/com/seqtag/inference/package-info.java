/** Runs the tagger over documents: tokenizing, sentence splitting, batching forward passes, offsets. */
package com.seqtag.inference;
