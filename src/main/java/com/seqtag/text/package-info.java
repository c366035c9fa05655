/**
 * Turns raw text into sentences and tokens with exact offsets (and converts them to code points);
 * the vocabulary, UNK and word shapes.
 */
package com.seqtag.text;
