package com.seqtag.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.text.CharacterVocabulary;
import com.seqtag.text.Vocabulary;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Numerical gradient checks of whole tagger networks as {@link NetworkFactory} builds them, on a
 * padded batch: the character CNN, learned embeddings, the mask-aware backward direction and the
 * masked per-step loss must all backpropagate exactly.
 */
class NetworkGradientTest {

    @ParameterizedTest
    @EnumSource(ModelConfig.Direction.class)
    void gradientsMatchFiniteDifferencesOnAPaddedBatch(ModelConfig.Direction direction) {
        checkInDoublePrecision(ModelConfig.CellType.LSTM, direction, 1);
    }

    @Test
    void gradientsFlowThroughStackedLayers() {
        checkInDoublePrecision(ModelConfig.CellType.LSTM, ModelConfig.Direction.BIDIRECTIONAL_CONCAT, 2);
    }

    @ParameterizedTest
    @EnumSource(value = ModelConfig.CellType.class, names = {"RNN", "GRU", "PEEPHOLE_LSTM"})
    void everyCellBackpropagatesExactlyInTheFullNetwork(ModelConfig.CellType cell) {
        checkInDoublePrecision(cell, ModelConfig.Direction.BIDIRECTIONAL_CONCAT, 1);
    }

    @Test
    void gradientsReachFineTunedPretrainedVectors() {
        checkInDoublePrecision(ModelConfig.CellType.LSTM, ModelConfig.Direction.BIDIRECTIONAL_CONCAT, 1, true);
    }

    @Test
    void gradientsFlowThroughTheCrfOutputLayerAndItsTransitions() {
        checkInDoublePrecision(ModelConfig.CellType.LSTM, ModelConfig.Direction.BIDIRECTIONAL_CONCAT, 1, false, true);
    }

    @Test
    void crfGradientsAreExactForSoftTargetsAsDistillationGivesThem() {
        checkInDoublePrecision(ModelConfig.CellType.LSTM, ModelConfig.Direction.BIDIRECTIONAL_CONCAT, 1, false, true,
                true);
    }

    private static void checkInDoublePrecision(ModelConfig.CellType cell, ModelConfig.Direction direction, int layers) {
        checkInDoublePrecision(cell, direction, layers, false, false);
    }

    private static void checkInDoublePrecision(ModelConfig.CellType cell, ModelConfig.Direction direction, int layers,
                                               boolean fineTunedVectors) {
        checkInDoublePrecision(cell, direction, layers, fineTunedVectors, false);
    }

    private static void checkInDoublePrecision(ModelConfig.CellType cell, ModelConfig.Direction direction, int layers,
                                               boolean fineTunedVectors, boolean crf) {
        checkInDoublePrecision(cell, direction, layers, fineTunedVectors, crf, false);
    }

    private static void checkInDoublePrecision(ModelConfig.CellType cell, ModelConfig.Direction direction, int layers,
                                               boolean fineTunedVectors, boolean crf, boolean softTargets) {
        DataType previousDefault = Nd4j.dataType();
        DataType previousFloatingPoint = Nd4j.defaultFloatingPointType();
        // GradientCheckUtil requires double precision globally; restore float for the other tests.
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            assertThat(check(cell, direction, layers, fineTunedVectors, crf, softTargets)).as("gradient check, " + cell + " " + direction).isTrue();
        } finally {
            Nd4j.setDefaultDataTypes(previousDefault, previousFloatingPoint);
        }
    }

    private static boolean check(ModelConfig.CellType cell, ModelConfig.Direction direction, int layers,
                                 boolean fineTunedVectors, boolean crf, boolean softTargets) {
        List<List<String>> sentences = List.of(
                List.of("Anna", "visited", "Oslo", "."),
                List.of("Tom", "left"));
        List<String> words = sentences.stream().flatMap(List::stream).toList();
        ModelConfig config = new ModelConfig(cell, direction, layers, 3, 0.0, fineTunedVectors, fineTunedVectors,
                fineTunedVectors ? 0 : 3, 0, 1, true, 3, 4, ModelConfig.Decoding.ARGMAX, crf);
        // Two words with vectors, the rest without: both kinds must get exact gradients.
        PretrainedEmbeddings vectors = PretrainedEmbeddings.of("test", "none", Map.of(
                "anna", new float[] {0.5f, -0.25f, 0.125f, 1f},
                "visited", new float[] {-1f, 0.75f, 0.5f, -0.5f}));
        InputEncoder encoder = new InputEncoder(config, vectors, Vocabulary.build(words, 1),
                CharacterVocabulary.build(words, 1));
        List<String> labels = List.of("O", "B-PER", "B-LOC");
        ComputationGraph network = NetworkFactory.build(config, encoder, labels.size(),
                new Optimization(0.01, 1.0, Optimization.GradientClipping.NONE, 0, 0, 42), DataType.DOUBLE, new NoOp());

        InputEncoder.Encoded encoded = encoder.encode(sentences);
        INDArray[] inputs = encoded.inputs();
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = inputs[i].castTo(DataType.DOUBLE);
        }
        INDArray mask = encoded.mask().castTo(DataType.DOUBLE);
        INDArray[] masks = new INDArray[inputs.length];
        Arrays.fill(masks, mask);
        INDArray target = Nd4j.zeros(DataType.DOUBLE, 2, labels.size(), encoded.timeSteps());
        int[][] gold = {{1, 0, 2, 0}, {1, 0}};
        // Soft targets: 0.6 on the gold label and a teacher-like 0.4 spread unevenly over all three.
        double[] teacher = {0.1, 0.3, 0.6};
        for (int b = 0; b < gold.length; b++) {
            for (int t = 0; t < gold[b].length; t++) {
                if (softTargets) {
                    for (int l = 0; l < labels.size(); l++) {
                        target.putScalar(b, l, t, 0.4 * teacher[(l + t) % teacher.length]);
                    }
                    target.putScalar(b, gold[b][t], t, target.getDouble(b, gold[b][t], t) + 0.6);
                } else {
                    target.putScalar(b, gold[b][t], t, 1.0);
                }
            }
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(network)
                .inputs(inputs)
                .labels(new INDArray[] {target})
                .inputMask(masks)
                .labelMask(new INDArray[] {mask})
                .epsilon(1e-6)
                .maxRelError(1e-3)
                .minAbsoluteError(1e-8));
    }
}
