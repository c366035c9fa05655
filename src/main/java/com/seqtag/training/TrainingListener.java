package com.seqtag.training;

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
}
