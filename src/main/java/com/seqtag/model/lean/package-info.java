/**
 * The lean inference path: computes what a trained tagger network ({@code NetworkFactory}'s
 * graph) computes at inference, straight from its weights, with a few large ND4J matrix products
 * and tight Java loops instead of DL4J's per-layer and per-time-step machinery.
 */
package com.seqtag.model.lean;
