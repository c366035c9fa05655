package com.seqtag.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of a network's weights, updated after every minibatch. Evaluating
 * the average instead of the last minibatch's weights smooths out the noise of the final Adam steps,
 * the epoch-to-epoch wobble of validation F1 seen in full runs.
 */
final class WeightAverage implements AutoCloseable {

    private final double decay;
    private final INDArray average;
    private long updates;

    /** Starts the average at the network's current weights. */
    WeightAverage(INDArray parameters, double decay) {
        this.decay = decay;
        this.average = parameters.dup();
    }

    /**
     * Folds the current weights in. The decay ramps up as (1 + n) / (10 + n) until it reaches the
     * configured value, so early averages are not dominated by the random initial weights.
     */
    void update(INDArray parameters) {
        update(parameters, 1);
    }

    /**
     * Folds in weights that {@code steps} minibatch steps produced (data-parallel training updates the
     * weights once per averaging round): the old average decays as it would over that many single steps.
     */
    void update(INDArray parameters, int steps) {
        double d = 1;
        for (int i = 0; i < steps; i++) {
            updates++;
            d *= Math.min(decay, (1.0 + updates) / (10.0 + updates));
        }
        // average = d * average + (1 - d) * parameters, in place: d * (average - parameters) + parameters
        average.subi(parameters).muli(d).addi(parameters);
    }

    /** The averaged weights (a live view; copy it to keep it). */
    INDArray parameters() {
        return average;
    }

    @Override
    public void close() {
        average.close();
    }
}
