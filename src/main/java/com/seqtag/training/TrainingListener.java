package com.seqtag.training;

import com.seqtag.store.ModelArtifact;

/** Receives progress from a {@link Trainer}; every method has a do-nothing default. */
public interface TrainingListener {

    /** Training is about to start. */
    default void onStart(int epochs, int batchesPerEpoch) {
    }

    /** A minibatch was fitted; {@code loss} is its mean loss per real token. */
    default void onBatch(int epoch, int batch, double loss) {
    }

    /** An epoch finished and was evaluated on the validation data. */
    default void onEpoch(EpochResult result) {
    }

    /**
     * The epoch just finished is the best so far; {@code checkpoint} holds its weights (valid until
     * the next batch is fitted), e.g. to be written so an interrupted run still leaves its best model.
     */
    default void onImprovement(ModelArtifact checkpoint) {
    }
}
