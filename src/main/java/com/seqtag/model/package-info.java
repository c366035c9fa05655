/**
 * The tagger network: its configuration, building it with DL4J, input encoding, the saved model
 * artifact, pretrained vectors, and decoding label probabilities into labels and entity spans.
 */
package com.seqtag.model;
