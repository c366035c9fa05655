/**
 * The tagger network: its configuration, building and training-time layers with DL4J, input
 * encoding (pretrained and learned vectors, casing, characters), the lean serving path, and the
 * {@link com.seqtag.model.Tagger} that runs forward passes and hands the probabilities to decoding.
 */
package com.seqtag.model;
