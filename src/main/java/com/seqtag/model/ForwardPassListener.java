package com.seqtag.model;

/**
 * Told about every forward pass a {@link Tagger} runs for a caller, so serving code can measure
 * batch sizes without the model package knowing how they are reported.
 */
@FunctionalInterface
public interface ForwardPassListener {

    /** Ignores every pass: for callers that measure nothing (training, evaluation, tests). */
    ForwardPassListener NONE = (sentences, tokens) -> { };

    /**
     * Called after each forward pass.
     *
     * @param sentences sentences in the batch
     * @param tokens    real (unpadded) tokens in the batch
     */
    void forwardPass(int sentences, int tokens);
}
