package com.seqtag.training;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Runs one epoch's weight updates: {@link #IN_PROCESS} fits minibatch after minibatch in this JVM;
 * the Spark module fits them data-parallel on a cluster. Everything else about training (data,
 * vocabulary, validation, best epoch, artifact) stays in {@link Trainer}, so both produce the same
 * kind of model from the same plan.
 */
public interface EpochFitter {

    /** Fits each minibatch in turn with {@link ComputationGraph#fit}: the plain, single-machine loop. */
    EpochFitter IN_PROCESS = (network, batches, progress) -> {
        for (TrainingBatches.Batch batch : batches) {
            if (progress.cancelled()) {
                return;
            }
            try (TrainingBatches.Encoded encoded = batch.encode()) {
                network.fit(encoded.data());
                double score = network.score();
                // fit() leaves this batch's labels on the network, and DL4J then takes their batch size for
                // every later forward pass, which breaks the character CNN's unfolding of words.
                network.clear();
                progress.fitted(1, score * batch.size() / batch.tokens(), batch.tokens());
            }
        }
    };

    /**
     * Fits {@code batches} (in this order, as far as the fitter keeps an order) to {@code network}, whose
     * weights must hold the result when this returns.
     */
    void fit(ComputationGraph network, List<TrainingBatches.Batch> batches, Progress progress);

    /** What a fitter reports back to the training loop. */
    interface Progress {

        /** Polled between updates: true ends the epoch early (the loop then stops training). */
        boolean cancelled();

        /**
         * The network's weights changed after {@code steps} sequential minibatch steps.
         *
         * @param lossPerToken the mean loss per real token over the tokens just fitted
         * @param tokens       real tokens fitted since the last call
         */
        void fitted(int steps, double lossPerToken, long tokens);
    }
}
