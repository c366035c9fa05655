package com.seqtag.model;

import com.seqtag.model.crf.CrfOutput;
import com.seqtag.model.gru.Gru;
import com.seqtag.text.CharacterVocabulary;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Builds the DL4J network a {@link ModelConfig} describes: word inputs merged per time step, a
 * stack of (bidirectional) recurrent layers with dropout between them, and a softmax over labels
 * at every time step trained with masked per-step cross-entropy.
 * Every layer size is set explicitly rather than inferred from input types: DL4J's inference
 * would "fix" the character CNN's deliberate folding of words into the batch dimension.
 */
public final class NetworkFactory {

    /** Name of the output layer. */
    public static final String OUTPUT = "output";
    /** Width of the character convolution: character trigrams. */
    static final int CHAR_KERNEL_WIDTH = 3;

    private NetworkFactory() {
    }

    /** Builds and initialises a network for the given inputs and number of labels. */
    public static ComputationGraph build(ModelConfig config, InputEncoder encoder, int labelCount,
                                         Optimization optimization) {
        ExponentialSchedule schedule = new ExponentialSchedule(ScheduleType.EPOCH, optimization.learningRate(),
                optimization.learningRateDecay());
        IUpdater updater = switch (optimization.optimizer()) {
            case ADAM -> new Adam(schedule);
            case SGD_MOMENTUM -> new Nesterovs(schedule, Optimization.MOMENTUM);
        };
        return build(config, encoder, labelCount, optimization, DataType.FLOAT, updater);
    }

    /**
     * As {@link #build(ModelConfig, InputEncoder, int, Optimization)} with a chosen precision and
     * updater: gradient checks need double precision and no updater.
     */
    static ComputationGraph build(ModelConfig config, InputEncoder encoder, int labelCount,
                                  Optimization optimization, DataType dataType, IUpdater updater) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .dataType(dataType)
                .seed(optimization.seed())
                .updater(updater)
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
        List<String> tokenParts = new ArrayList<>();
        int tokenSize = 0;
        for (String input : inputNames) {
            switch (input) {
                case InputEncoder.DENSE_INPUT -> {
                    tokenParts.add(config.fineTunePretrained() && encoder.pretrainedSize() > 0
                            ? addPretrainedTuning(graph, encoder, input)
                            : input);
                    tokenSize += encoder.denseSize();
                }
                case InputEncoder.WORD_INPUT -> {
                    if (config.wordEmbeddingSize() > 0) {
                        graph.addLayer("wordEmbedding", new EmbeddingSequenceLayer.Builder()
                                .nIn(encoder.vocabulary().size())
                                .nOut(config.wordEmbeddingSize())
                                .inferInputLength(true)
                                .build(), input);
                        tokenParts.add("wordEmbedding");
                        tokenSize += config.wordEmbeddingSize();
                    }
                }
                case InputEncoder.CHAR_INPUT -> {
                    tokenParts.add(addCharacterCnn(graph, config, encoder.characters(), input));
                    tokenSize += config.charFilters();
                }
                default -> throw new IllegalStateException("unknown input " + input);
            }
        }
        String previous = tokenParts.get(0);
        if (tokenParts.size() > 1) {
            graph.addVertex("tokenInput", new MergeVertex(), tokenParts.toArray(String[]::new));
            previous = "tokenInput";
        }

        double retain = 1.0 - config.dropout();
        // The reversal vertices read the token mask from an input that carries one.
        String maskSource = inputNames.contains(InputEncoder.DENSE_INPUT) ? InputEncoder.DENSE_INPUT : inputNames.get(0);
        int size = tokenSize;
        for (int i = 1; i <= config.layers(); i++) {
            previous = addRecurrentLayer(graph, config, retain, i, previous, size, maskSource);
            size = config.direction() == ModelConfig.Direction.BIDIRECTIONAL_CONCAT
                    ? 2 * config.hiddenSize()
                    : config.hiddenSize();
        }
        graph.addLayer(OUTPUT, outputLayer(config, retain, size, labelCount), previous);
        graph.setOutputs(OUTPUT);

        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    /**
     * The per-step output: a softmax trained with per-token cross-entropy, or a linear-chain CRF
     * trained on whole label sequences. Both answer label probabilities per token.
     */
    private static Layer outputLayer(ModelConfig config, double retain, int nIn, int labelCount) {
        if (config.crf()) {
            CrfOutput.Builder crf = new CrfOutput.Builder().nIn(nIn).nOut(labelCount);
            if (config.dropout() > 0) {
                crf.dropOut(retain);
            }
            return crf.build();
        }
        RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .dataFormat(RNNFormat.NCW)
                .nIn(nIn)
                .nOut(labelCount);
        if (config.dropout() > 0) {
            output.dropOut(retain);
        }
        return output.build();
    }

    /**
     * Fine-tunes the pretrained vectors: each vocabulary word gets a learned correction, zero at
     * the start, added to its pretrained vector; the rest of the dense input passes unchanged.
     * This is exactly fine-tuning the training words' vectors, while words never seen in training
     * keep their pretrained vector (plus UNK's correction, learned from the rare training words),
     * and the model stores only a vocabulary-sized table, not all 341k GloVe vectors.
     * Returns the name of the corrected dense input.
     */
    private static String addPretrainedTuning(ComputationGraphConfiguration.GraphBuilder graph,
                                              InputEncoder encoder, String denseInput) {
        int pretrained = encoder.pretrainedSize();
        graph.addLayer("pretrainedCorrection", new EmbeddingSequenceLayer.Builder()
                .nIn(encoder.vocabulary().size())
                .nOut(pretrained)
                .weightInit(WeightInit.ZERO)
                .inferInputLength(true)
                .build(), InputEncoder.WORD_INPUT);
        graph.addVertex("pretrainedVectors", new SubsetVertex(0, pretrained - 1), denseInput);
        graph.addVertex("pretrainedTuned", new ElementWiseVertex(ElementWiseVertex.Op.Add),
                "pretrainedVectors", "pretrainedCorrection");
        graph.addVertex("otherFeatures", new SubsetVertex(pretrained, encoder.denseSize() - 1), denseInput);
        graph.addVertex("denseTuned", new MergeVertex(), "pretrainedTuned", "otherFeatures");
        return "denseTuned";
    }

    /**
     * Adds the character CNN and returns the name of its output, {@code [batch, filters, time]}.
     * Words are folded into the batch dimension ({@code [batch * time, chars]}), their characters
     * embedded and convolved, each filter max-pooled over the characters, and the result unfolded
     * back into a sequence. Built from DL4J's own layers so their tested gradients apply.
     */
    private static String addCharacterCnn(ComputationGraphConfiguration.GraphBuilder graph, ModelConfig config,
                                          CharacterVocabulary characters, String input) {
        graph.addLayer("charEmbedding", new EmbeddingSequenceLayer.Builder()
                .nIn(characters.size())
                .nOut(config.charEmbeddingSize())
                .inputLength(CharacterVocabulary.MAX_WORD_CHARS)
                .build(), new FoldWordsPreProcessor(), input);
        graph.addLayer("charConvolution", new Convolution1DLayer.Builder()
                .kernelSize(CHAR_KERNEL_WIDTH)
                .convolutionMode(ConvolutionMode.Same)
                .nIn(config.charEmbeddingSize())
                .nOut(config.charFilters())
                .activation(Activation.TANH)
                .build(), "charEmbedding");
        graph.addLayer("charPooling", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "charConvolution");
        graph.addVertex("charFeatures", new PreprocessorVertex(new FeedForwardToRnnPreProcessor()), "charPooling");
        return "charFeatures";
    }

    /**
     * Adds recurrent layer {@code index} and returns the name of its output. The backward direction
     * is built from two {@link ReverseTimeSeriesVertex}es that reverse only each sentence's real
     * tokens: DL4J's own Bidirectional wrapper reverses the padded sequence, so the backward cell
     * reads the padding first and its state leaks into real tokens (measured: label probabilities
     * moved by up to 0.1 depending on batch padding).
     */
    private static String addRecurrentLayer(ComputationGraphConfiguration.GraphBuilder graph, ModelConfig config,
                                            double retain, int index, String input, int inputSize, String maskSource) {
        String forward = "forward" + index;
        graph.addLayer(forward, recurrentCell(config, retain, inputSize), input);
        if (config.direction() == ModelConfig.Direction.FORWARD) {
            return forward;
        }
        String backward = "backward" + index;
        graph.addVertex(backward + "In", new ReverseTimeSeriesVertex(maskSource), input);
        graph.addLayer(backward, recurrentCell(config, retain, inputSize), backward + "In");
        graph.addVertex(backward + "Out", new ReverseTimeSeriesVertex(maskSource), backward);
        String combined = "recurrent" + index;
        GraphVertex combine = config.direction() == ModelConfig.Direction.BIDIRECTIONAL_ADD
                ? new ElementWiseVertex(ElementWiseVertex.Op.Add)
                : new MergeVertex();
        graph.addVertex(combined, combine, forward, backward + "Out");
        return combined;
    }

    private static Layer recurrentCell(ModelConfig config, double retain, int inputSize) {
        BaseRecurrentLayer.Builder<?> cell = switch (config.cell()) {
            case RNN -> new SimpleRnn.Builder().activation(Activation.TANH);
            case GRU -> new Gru.Builder();
            case LSTM -> new LSTM.Builder().activation(Activation.TANH);
            case PEEPHOLE_LSTM -> new GravesLSTM.Builder().activation(Activation.TANH);
        };
        cell.nIn(inputSize).nOut(config.hiddenSize()).dataFormat(RNNFormat.NCW);
        if (config.dropout() > 0) {
            // DL4J's dropOut takes the probability of *keeping* a unit, applied to the layer's input.
            cell.dropOut(retain);
        }
        return cell.build();
    }
}
