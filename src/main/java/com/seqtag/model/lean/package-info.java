/**
 * The lean inference path: computes what a trained tagger network ({@code NetworkFactory}'s
 * graph) computes at inference, straight from its weights, with a few large matrix products (the
 * {@code kernels} subpackage: oneDNN in the precision {@code seqtag.inference.precision} chooses,
 * or OpenBLAS) and tight Java loops (the LSTM gate loop on the Vector API) instead of DL4J's
 * per-layer and per-time-step machinery. Narrowed precisions are checked against fp32 when a model
 * loads ({@link com.seqtag.model.lean.PrecisionCheck}).
 */
package com.seqtag.model.lean;
