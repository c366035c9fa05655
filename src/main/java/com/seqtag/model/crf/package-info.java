/**
 * A linear-chain CRF output layer for DL4J: per-token emission scores plus learned label-to-label
 * transition scores, trained on the log-likelihood of whole label sequences (forward-backward),
 * answering per-token marginal probabilities.
 */
package com.seqtag.model.crf;
