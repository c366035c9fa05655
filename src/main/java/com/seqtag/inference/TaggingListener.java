package com.seqtag.inference;

/**
 * Told about every finished tagging call. Lets monitoring count work without the inference code
 * depending on a metrics library.
 */
public interface TaggingListener {

    /** Ignores everything. */
    TaggingListener NONE = new TaggingListener() {
    };

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
