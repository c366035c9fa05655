package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The moving average of the weights that training evaluates and keeps. */
class WeightAverageTest {

    @Test
    void startsAtTheInitialWeightsAndRampsItsDecayUp() {
        INDArray weights = Nd4j.createFromArray(0.0, 10.0);
        try (WeightAverage average = new WeightAverage(weights, 0.999)) {
            assertThat(average.parameters().getDouble(1)).isEqualTo(10.0);

            weights.assign(Nd4j.createFromArray(1.0, 0.0));
            average.update(weights);

            // First update: decay (1 + 1) / (10 + 1) = 2/11, so the new weights count 9/11.
            assertThat(average.parameters().getDouble(0)).isCloseTo(9.0 / 11, within(1e-12));
            assertThat(average.parameters().getDouble(1)).isCloseTo(20.0 / 11, within(1e-12));
        }
    }

    @Test
    void followsTheWeightsSlowlyOnceTheDecayIsReached() {
        INDArray weights = Nd4j.createFromArray(0.0);
        try (WeightAverage average = new WeightAverage(weights, 0.9)) {
            for (int i = 0; i < 200; i++) {
                average.update(weights);
            }
            weights.assign(1.0);
            average.update(weights);
            // Past the ramp the decay is 0.9: one step moves the average a tenth of the way.
            assertThat(average.parameters().getDouble(0)).isCloseTo(0.1, within(1e-12));
            for (int i = 0; i < 100; i++) {
                average.update(weights);
            }
            assertThat(average.parameters().getDouble(0)).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void doesNotAliasTheWeightsItAverages() {
        INDArray weights = Nd4j.createFromArray(3.0);
        try (WeightAverage average = new WeightAverage(weights, 0.99)) {
            weights.assign(5.0);
            assertThat(average.parameters().getDouble(0)).isEqualTo(3.0);
        }
    }
}
