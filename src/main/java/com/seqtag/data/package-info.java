/** Reads and validates annotated CoNLL data and groups sentences into length-bucketed batches. */
package com.seqtag.data;
