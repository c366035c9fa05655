/** Turns raw text into sentences and tokens with exact offsets; the vocabulary, UNK and word shapes. */
package com.seqtag.text;
