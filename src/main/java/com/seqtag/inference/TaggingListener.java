package com.seqtag.inference;

import com.seqtag.model.ForwardPassListener;

/**
 * Told what serving did: every forward pass and every finished tagging call. Lets monitoring count
 * work without the inference code depending on a metrics library.
 */
public interface TaggingListener extends ForwardPassListener {

    /** Ignores everything. */
    TaggingListener NONE = new TaggingListener() {
    };

    @Override
    default void forwardPass(int sentences, int tokens) {
    }

    /**
     * Called once a tagging call has answered.
     *
     * @param documents documents tagged (empty ones included)
     * @param sentences sentences (chunks of long ones counted separately) sent to the model
     * @param tokens    tokens labelled
     */
    default void tagged(int documents, int sentences, int tokens) {
    }
}
