package com.seqtag.model.gru;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J has no GRU, so ours computes its own gradients: they must match finite differences
 * (DL4J's GradientCheckUtil), with and without a padding mask, and through two stacked layers.
 */
class GruGradientTest {

    private static final int N_IN = 3;
    private static final int LABELS = 3;

    private DataType previousDefault;
    private DataType previousFloatingPoint;

    @BeforeEach
    void doublePrecision() {
        previousDefault = Nd4j.dataType();
        previousFloatingPoint = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousDefault, previousFloatingPoint);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        assertThat(check(network(1), 2, 5, null)).as("GRU gradient check").isTrue();
    }

    @Test
    void gradientsMatchFiniteDifferencesOnAPaddedBatch() {
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
        assertThat(check(network(1), 2, 5, mask)).as("GRU gradient check with mask").isTrue();
    }

    @Test
    void gradientsMatchThroughTwoStackedLayers() {
        assertThat(check(network(2), 2, 4, null)).as("stacked GRU gradient check").isTrue();
    }

    @Test
    void paddingDoesNotChangeTheRealSteps() {
        ComputationGraph network = network(1);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 1, N_IN, 3);
        INDArray padded = Nd4j.concat(2, input, Nd4j.rand(DataType.DOUBLE, 1, N_IN, 2));
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 1, 0, 0}});
        INDArray alone = network.output(input)[0];
        INDArray withPadding = network.output(false, new INDArray[] {padded}, new INDArray[] {mask}, null)[0];
        assertThat(withPadding.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)).equalsWithEps(alone, 1e-10)).isTrue();
    }

    private static ComputationGraph network(int layers) {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .seed(12345)
                .graphBuilder()
                .addInputs("in");
        String previous = "in";
        int size = N_IN;
        for (int i = 1; i <= layers; i++) {
            graph.addLayer("gru" + i, new Gru.Builder().nIn(size).nOut(4).dataFormat(RNNFormat.NCW).build(), previous);
            previous = "gru" + i;
            size = 4;
        }
        graph.addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).nIn(size).nOut(LABELS).build(), previous)
                .setOutputs("out");
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        // Non-zero biases so their gradients are exercised too.
        network.getLayer("gru1").getParam(GruParamInitializer.BIAS_KEY).assign(Nd4j.rand(DataType.DOUBLE, 1, 12).subi(0.5));
        return network;
    }

    private static boolean check(ComputationGraph network, int batch, int steps, INDArray mask) {
        Nd4j.getRandom().setSeed(42);
        INDArray input = Nd4j.rand(DataType.DOUBLE, batch, N_IN, steps).subi(0.5).muli(2);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, LABELS, steps);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                labels.putScalar(b, (b + 2 * t) % LABELS, t, 1.0);
            }
        }
        GradientCheckUtil.GraphConfig config = new GradientCheckUtil.GraphConfig()
                .net(network)
                .inputs(new INDArray[] {input})
                .labels(new INDArray[] {labels})
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9);
        if (mask != null) {
            config.inputMask(new INDArray[] {mask}).labelMask(new INDArray[] {mask});
        }
        return GradientCheckUtil.checkGradients(config);
    }
}
