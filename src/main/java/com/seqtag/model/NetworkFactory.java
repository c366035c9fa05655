package com.seqtag.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J network a {@link ModelConfig} describes: word inputs merged per time step, a
 * stack of (bidirectional) recurrent layers with dropout between them, and a softmax over labels
 * at every time step trained with masked per-step cross-entropy.
 */
public final class NetworkFactory {

    /** Name of the output layer. */
    public static final String OUTPUT = "output";

    private NetworkFactory() {
    }

    /** Builds and initialises a network for the given inputs and number of labels. */
    public static ComputationGraph build(ModelConfig config, InputEncoder encoder, int labelCount,
                                         Optimization optimization) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(optimization.seed())
                .updater(new Adam(new ExponentialSchedule(ScheduleType.EPOCH,
                        optimization.learningRate(), optimization.learningRateDecay())))
                .weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
        if (optimization.l2() > 0) {
            base.l2(optimization.l2());
        }
        switch (optimization.clipping()) {
            case ELEMENT_WISE -> base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(optimization.clippingThreshold());
            case L2_PER_LAYER -> base.gradientNormalization(GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(optimization.clippingThreshold());
            case NONE -> { }
        }

        ComputationGraphConfiguration.GraphBuilder graph = base.graphBuilder();
        List<String> inputNames = encoder.inputNames();
        graph.addInputs(inputNames.toArray(String[]::new));
        List<InputType> inputTypes = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        for (String input : inputNames) {
            if (input.equals(InputEncoder.DENSE_INPUT)) {
                inputTypes.add(InputType.recurrent(encoder.denseSize()));
                merged.add(input);
            } else {
                // The declared size is the vocabulary, not the 1 index per step actually fed:
                // DL4J infers the embedding layer's nIn from it and would otherwise set it to 1.
                inputTypes.add(InputType.recurrent(encoder.vocabulary().size()));
                graph.addLayer("wordEmbedding", new EmbeddingSequenceLayer.Builder()
                        .nIn(encoder.vocabulary().size())
                        .nOut(config.wordEmbeddingSize())
                        .inferInputLength(true)
                        .build(), input);
                merged.add("wordEmbedding");
            }
        }
        String previous = merged.get(0);
        if (merged.size() > 1) {
            graph.addVertex("tokenInput", new MergeVertex(), merged.toArray(String[]::new));
            previous = "tokenInput";
        }

        double retain = 1.0 - config.dropout();
        for (int i = 1; i <= config.layers(); i++) {
            String name = "recurrent" + i;
            graph.addLayer(name, recurrentLayer(config, retain), previous);
            previous = name;
        }
        RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nOut(labelCount);
        if (config.dropout() > 0) {
            output.dropOut(retain);
        }
        graph.addLayer(OUTPUT, output.build(), previous);
        graph.setOutputs(OUTPUT);
        graph.setInputTypes(inputTypes.toArray(InputType[]::new));

        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    private static Layer recurrentLayer(ModelConfig config, double retain) {
        BaseRecurrentLayer.Builder<?> cell = switch (config.cell()) {
            case RNN -> new SimpleRnn.Builder().activation(Activation.TANH);
            case LSTM -> new LSTM.Builder().activation(Activation.TANH);
            case PEEPHOLE_LSTM -> new GravesLSTM.Builder().activation(Activation.TANH);
        };
        cell.nOut(config.hiddenSize());
        if (config.dropout() > 0) {
            // DL4J's dropOut takes the probability of *keeping* a unit, applied to the layer's input.
            cell.dropOut(retain);
        }
        Layer layer = cell.build();
        return switch (config.direction()) {
            case FORWARD -> layer;
            case BIDIRECTIONAL_CONCAT -> new Bidirectional(Bidirectional.Mode.CONCAT, layer);
            case BIDIRECTIONAL_ADD -> new Bidirectional(Bidirectional.Mode.ADD, layer);
        };
    }
}
