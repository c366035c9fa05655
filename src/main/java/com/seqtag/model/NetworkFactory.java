package com.seqtag.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
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
        // Every input carries the same mask; the reversal vertices read it from the first one.
        String maskSource = inputNames.get(0);
        for (int i = 1; i <= config.layers(); i++) {
            previous = addRecurrentLayer(graph, config, retain, i, previous, maskSource);
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

    /**
     * Adds recurrent layer {@code index} and returns the name of its output. The backward direction
     * is built from two {@link ReverseTimeSeriesVertex}es that reverse only each sentence's real
     * tokens: DL4J's own Bidirectional wrapper reverses the padded sequence, so the backward cell
     * reads the padding first and its state leaks into real tokens (measured: label probabilities
     * moved by up to 0.1 depending on batch padding).
     */
    private static String addRecurrentLayer(ComputationGraphConfiguration.GraphBuilder graph, ModelConfig config,
                                            double retain, int index, String input, String maskSource) {
        String forward = "forward" + index;
        graph.addLayer(forward, recurrentCell(config, retain), input);
        if (config.direction() == ModelConfig.Direction.FORWARD) {
            return forward;
        }
        String backward = "backward" + index;
        graph.addVertex(backward + "In", new ReverseTimeSeriesVertex(maskSource), input);
        graph.addLayer(backward, recurrentCell(config, retain), backward + "In");
        graph.addVertex(backward + "Out", new ReverseTimeSeriesVertex(maskSource), backward);
        String combined = "recurrent" + index;
        GraphVertex combine = config.direction() == ModelConfig.Direction.BIDIRECTIONAL_ADD
                ? new ElementWiseVertex(ElementWiseVertex.Op.Add)
                : new MergeVertex();
        graph.addVertex(combined, combine, forward, backward + "Out");
        return combined;
    }

    private static Layer recurrentCell(ModelConfig config, double retain) {
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
        return cell.build();
    }
}
