package com.seqtag.model.lean;

import com.seqtag.model.InputEncoder;
import com.seqtag.model.ModelConfig;
import com.seqtag.model.NetworkFactory;
import com.seqtag.model.crf.CrfOutput;
import com.seqtag.model.lean.kernels.Dnnl;
import com.seqtag.model.lean.kernels.Gemm;
import com.seqtag.model.lean.kernels.KernelFactory;
import com.seqtag.model.lean.kernels.MatrixKernel;
import com.seqtag.model.lean.kernels.Precision;
import com.seqtag.text.CharacterVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tagger network's inference computed directly from its trained weights (see the package
 * documentation); answers the same label probabilities as the DL4J graph. Immutable and
 * thread-safe: every call works on its own scratch arrays.
 */
public final class LeanNetwork {

    private static final Logger log = LoggerFactory.getLogger(LeanNetwork.class);
    /** Memory for cached first-layer projections per model: about 9,900 spellings of the bundled model. */
    private static final long PROJECTION_CACHE_BYTES = 64L << 20;

    private final TokenInputLayer inputLayer;
    private final List<LstmLayer> recurrentLayers;
    private final OutputLayer outputLayer;
    private final KernelFactory kernels;
    private final ProjectionCache projections;

    private LeanNetwork(TokenInputLayer inputLayer, List<LstmLayer> recurrentLayers, OutputLayer outputLayer,
                        KernelFactory kernels) {
        this.inputLayer = inputLayer;
        this.recurrentLayers = List.copyOf(recurrentLayers);
        this.outputLayer = outputLayer;
        this.kernels = kernels;
        this.projections = ProjectionCache.withBudget(PROJECTION_CACHE_BYTES, recurrentLayers.get(0).projectionSize());
    }

    /** The number format of this network's matrix products. */
    public Precision precision() {
        return kernels.precision();
    }

    /** What computes this network's products (library, precision, instruction set), for logs and benchmarks. */
    public String kernels() {
        return kernels.describe() + ", gate loop " + (GateLoop.best().lanes() > 1 ? "Vector API" : "plain Java");
    }

    /**
     * The lean equivalent of a network {@link NetworkFactory} built for {@code encoder}'s
     * configuration, in fp32, or empty (with the reason logged) when the network has a part this
     * path does not compute, such as a GRU or peephole cell; callers then use the DL4J network.
     */
    public static Optional<LeanNetwork> of(ComputationGraph network, InputEncoder encoder) {
        return of(network, encoder, PrecisionSetting.FP32);
    }

    /**
     * The lean equivalent in the precision {@code setting} asks for. {@link PrecisionSetting#AUTO}
     * checks each narrow precision this CPU runs natively against fp32 on a probe text
     * ({@link PrecisionCheck}), times those that pass against fp32, and takes a narrow one only if
     * it is clearly faster; a named precision the CPU lacks falls back to the other narrow one if
     * that passes, else to fp32. The choice, the reason and the timings are logged.
     */
    public static Optional<LeanNetwork> of(ComputationGraph network, InputEncoder encoder, PrecisionSetting setting) {
        try {
            Optional<Dnnl> runtime = Dnnl.runtime();
            if (runtime.isEmpty()) {
                LeanNetwork blas = read(network, encoder, KernelFactory.blas());
                if (setting != PrecisionSetting.FP32) {
                    log.warn("lean path precision: fp32 on OpenBLAS ({} asked for, but oneDNN is not available here)",
                            setting.label());
                }
                return Optional.of(blas);
            }
            return Optional.of(choose(network, encoder, setting, runtime.get()));
        } catch (UnsupportedNetworkException e) {
            log.info("lean inference path not available, tagging with DL4J: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The lean equivalent with products from {@code kernels}, whatever the CPU offers (for tests and benchmarks). */
    static LeanNetwork read(ComputationGraph network, InputEncoder encoder, KernelFactory kernels)
            throws UnsupportedNetworkException {
        return new Reader(network, encoder, kernels).read();
    }

    private static LeanNetwork choose(ComputationGraph network, InputEncoder encoder, PrecisionSetting setting, Dnnl dnnl)
            throws UnsupportedNetworkException {
        LeanNetwork reference = read(network, encoder, KernelFactory.dnnl(dnnl, Precision.FP32));
        if (setting == PrecisionSetting.FP32) {
            return reference;
        }
        List<String> passedOver = new ArrayList<>();
        Map<Precision, LeanNetwork> passing = new EnumMap<>(Precision.class);
        Map<Precision, PrecisionCheck.Result> checks = new EnumMap<>(Precision.class);
        for (Precision candidate : setting.candidates()) {
            if (!dnnl.supports(candidate)) {
                passedOver.add(candidate.label() + " is not native on " + dnnl.isaName());
                continue;
            }
            LeanNetwork narrowed = read(network, encoder, KernelFactory.dnnl(dnnl, candidate));
            PrecisionCheck.Result check = PrecisionCheck.compare(reference, narrowed, encoder);
            checks.put(candidate, check);
            boolean named = setting.fixed().equals(Optional.of(candidate));
            if (named || setting.fixed().isPresent() && check.passes()) {
                // A named precision: used even if it drifted (the operator asked); its fallback only if it passed.
                String message = "lean path precision: {} ({}; load-time check {}: {}{})";
                Object[] arguments = {candidate.label(), narrowed.kernels(),
                        check.passes() ? "passed" : "FAILED, used because configured", check, notes(passedOver)};
                if (check.passes()) {
                    log.info(message, arguments);
                } else {
                    log.warn(message, arguments);
                }
                return narrowed;
            }
            if (check.passes()) {
                passing.put(candidate, narrowed);
            } else {
                passedOver.add(candidate.label() + " failed the load-time check (" + check + ")");
            }
        }
        if (passing.isEmpty()) {
            log.info("lean path precision: fp32 ({}{})", reference.kernels(), notes(passedOver));
            return reference;
        }
        // Native is not always faster: without AMX, oneDNN's bf16 products were slower than its
        // fp32 ones here. So auto times every candidate that passed, and fp32, on the probe text.
        Map<Precision, LeanNetwork> timed = new EnumMap<>(passing);
        timed.put(Precision.FP32, reference);
        Map<Precision, Double> seconds = PrecisionCheck.secondsPerPass(timed, encoder);
        Precision fastest = PrecisionCheck.fastest(seconds);
        LeanNetwork chosen = timed.get(fastest);
        log.info("lean path precision: {} ({}; {}; probe pass timed: {}{})", fastest.label(), chosen.kernels(),
                fastest == Precision.FP32 ? "exact" : "load-time check passed: " + checks.get(fastest),
                PrecisionCheck.describe(seconds), notes(passedOver));
        return chosen;
    }

    private static String notes(List<String> passedOver) {
        return passedOver.isEmpty() ? "" : "; " + String.join("; ", passedOver);
    }

    /** A forward pass's answer: label probabilities {@code [sentence][token][label]} and unknown-word flags. */
    public record Output(float[][][] probabilities, boolean[][] unknown) {
    }

    /**
     * Tags sentences of tokens (in the order given), encoding with {@code encoder}, the encoder this
     * network was read with: tokens whose spelling is in the {@link ProjectionCache} skip encoding
     * and the first input projection; the others are encoded together and then cached.
     */
    public Output tag(List<List<String>> sentences, InputEncoder encoder) {
        int[] lengths = sentences.stream().mapToInt(List::size).toArray();
        Batch batch = new Batch(lengths);
        LstmLayer first = recurrentLayers.get(0);
        float[][] projected = new float[batch.tokens()][];
        boolean[] unknownRows = new boolean[batch.tokens()];
        List<String> missing = new ArrayList<>();
        List<Integer> missingRows = new ArrayList<>();
        int row = 0;
        for (List<String> sentence : sentences) {
            for (String word : sentence) {
                ProjectionCache.Entry cached = projections.get(word);
                if (cached == null) {
                    missing.add(word);
                    missingRows.add(row);
                } else {
                    projected[row] = cached.projection();
                    unknownRows[row] = cached.unknown();
                }
                row++;
            }
        }
        if (!missing.isEmpty()) {
            // Tokens are encoded independently of their neighbours, so the misses go as one sequence.
            InputEncoder.TokenInputs inputs = encoder.tokenInputs(List.of(missing));
            float[][] computed = first.projectRows(inputLayer.inputs(inputs), missing.size());
            for (int i = 0; i < missing.size(); i++) {
                boolean unknownWord = inputs.unknown()[0][i];
                projected[missingRows.get(i)] = computed[i];
                unknownRows[missingRows.get(i)] = unknownWord;
                projections.offer(missing.get(i), new ProjectionCache.Entry(computed[i], unknownWord));
            }
        }
        boolean[][] unknown = new boolean[batch.sentences()][];
        for (int s = 0; s < unknown.length; s++) {
            unknown[s] = Arrays.copyOfRange(unknownRows, batch.start(s), batch.start(s) + batch.length(s));
        }
        if (batch.tokens() == 0) {
            return new Output(new float[batch.sentences()][0][], unknown);
        }
        float[] activations = first.recur(projected, batch);
        for (LstmLayer layer : recurrentLayers.subList(1, recurrentLayers.size())) {
            activations = layer.apply(activations, batch);
        }
        return new Output(outputLayer.probabilities(activations, batch), unknown);
    }

    /** The network has a part the lean path does not compute. */
    static final class UnsupportedNetworkException extends Exception {
        UnsupportedNetworkException(String message) {
            super(message);
        }
    }

    /**
     * Reads the weights out of the graph, checking every vertex against what {@link NetworkFactory}
     * builds for the configuration: anything unexpected means "not supported", never a guess.
     */
    private static final class Reader {

        private final ComputationGraph network;
        private final ComputationGraphConfiguration graph;
        private final InputEncoder encoder;
        private final KernelFactory kernels;
        private final ModelConfig config;
        private final Set<String> understood = new HashSet<>();
        private String tokenInput;

        Reader(ComputationGraph network, InputEncoder encoder, KernelFactory kernels) {
            this.network = network;
            this.kernels = kernels;
            this.graph = network.getConfiguration();
            this.encoder = encoder;
            this.config = encoder.config();
        }

        LeanNetwork read() throws UnsupportedNetworkException {
            if (network.params().dataType() != DataType.FLOAT) {
                throw new UnsupportedNetworkException("parameters are " + network.params().dataType() + ", not FLOAT");
            }
            if (config.cell() != ModelConfig.CellType.LSTM) {
                throw new UnsupportedNetworkException("cell " + config.cell());
            }
            if (!graph.getNetworkInputs().equals(encoder.inputNames())) {
                throw new UnsupportedNetworkException("inputs " + graph.getNetworkInputs());
            }
            understood.addAll(graph.getNetworkInputs());
            TokenInputLayer inputLayer = inputLayer();
            List<LstmLayer> layers = new ArrayList<>();
            PaddedLayout layout = PaddedLayout.unpadded(inputLayer.size());
            String previous = tokenInput;
            int padded = PaddedLayout.roundUp(config.hiddenSize(), GateLoop.best().lanes());
            for (int i = 1; i <= config.layers(); i++) {
                layers.add(recurrentLayer(i, previous, layout, padded));
                layout = PaddedLayout.recurrent(config.hiddenSize(), padded, config.direction());
                previous = config.direction() == ModelConfig.Direction.FORWARD ? "forward" + i : "recurrent" + i;
            }
            OutputLayer output = outputLayer(previous, layout);
            Set<String> unexpected = new HashSet<>(graph.getVertices().keySet());
            unexpected.removeAll(understood);
            if (!unexpected.isEmpty()) {
                throw new UnsupportedNetworkException("unexpected vertices " + unexpected);
            }
            return new LeanNetwork(inputLayer, layers, output, kernels);
        }

        /** The inputs merged per token, as NetworkFactory merges them. */
        private TokenInputLayer inputLayer() throws UnsupportedNetworkException {
            List<String> parts = new ArrayList<>();
            int pretrained = 0;
            float[] corrections = null;
            float[] wordEmbeddings = null;
            CharCnn chars = null;
            for (String input : encoder.inputNames()) {
                switch (input) {
                    case InputEncoder.DENSE_INPUT -> {
                        if (config.fineTunePretrained() && encoder.pretrainedSize() > 0) {
                            pretrained = encoder.pretrainedSize();
                            corrections = embeddingTable("pretrainedCorrection", InputEncoder.WORD_INPUT, pretrained);
                            expectVertices(Map.of(
                                    "pretrainedVectors", List.of(input),
                                    "pretrainedTuned", List.of("pretrainedVectors", "pretrainedCorrection"),
                                    "otherFeatures", List.of(input),
                                    "denseTuned", List.of("pretrainedTuned", "otherFeatures")));
                            expectType("pretrainedVectors", SubsetVertex.class);
                            expectType("otherFeatures", SubsetVertex.class);
                            expectType("pretrainedTuned", ElementWiseVertex.class);
                            expectType("denseTuned", MergeVertex.class);
                            parts.add("denseTuned");
                        } else {
                            parts.add(input);
                        }
                    }
                    case InputEncoder.WORD_INPUT -> {
                        if (config.wordEmbeddingSize() > 0) {
                            wordEmbeddings = embeddingTable("wordEmbedding", input, config.wordEmbeddingSize());
                            parts.add("wordEmbedding");
                        }
                    }
                    case InputEncoder.CHAR_INPUT -> {
                        chars = charCnn(input);
                        parts.add("charFeatures");
                    }
                    default -> throw new UnsupportedNetworkException("input " + input);
                }
            }
            tokenInput = parts.get(0);
            if (parts.size() > 1) {
                tokenInput = "tokenInput";
                expectInputs(tokenInput, parts);
                expectType(tokenInput, MergeVertex.class);
            }
            return new TokenInputLayer(encoder.denseSize(), pretrained, corrections, config.wordEmbeddingSize(),
                    wordEmbeddings, chars);
        }

        /** An embedding layer's table {@code [entries, size]} with its bias and activation applied. */
        private float[] embeddingTable(String name, String input, int size) throws UnsupportedNetworkException {
            EmbeddingSequenceLayer conf = layerConf(name, EmbeddingSequenceLayer.class, List.of(input));
            if (conf.getNOut() != size) {
                throw new UnsupportedNetworkException(name + " has size " + conf.getNOut());
            }
            Layer layer = network.getLayer(name);
            try (INDArray table = layer.getParam("W").castTo(DataType.FLOAT).dup('c')) {
                INDArray bias = layer.paramTable().get("b");
                if (bias != null) {
                    table.addiRowVector(bias.reshape(1, size));
                }
                // The lookup is a row copy, so the activation can be applied to the whole table once.
                conf.getActivationFn().getActivation(table, false);
                return table.data().asFloat();
            }
        }

        private CharCnn charCnn(String input) throws UnsupportedNetworkException {
            CharacterVocabulary characters = encoder.characters();
            float[] embeddings = embeddingTable("charEmbedding", input, config.charEmbeddingSize());
            Convolution1DLayer convolution = layerConf("charConvolution", Convolution1DLayer.class,
                    List.of("charEmbedding"));
            if (convolution.getConvolutionMode() != ConvolutionMode.Same
                    || convolution.getStride()[0] != 1 || convolution.getDilation()[0] != 1
                    || !(convolution.getActivationFn() instanceof ActivationTanH)) {
                throw new UnsupportedNetworkException("character convolution other than stride 1, Same mode, tanh");
            }
            GlobalPoolingLayer pooling = layerConf("charPooling", GlobalPoolingLayer.class, List.of("charConvolution"));
            if (pooling.getPoolingType() != PoolingType.MAX) {
                throw new UnsupportedNetworkException("character pooling " + pooling.getPoolingType());
            }
            expectInputs("charFeatures", List.of("charPooling"));
            Layer layer = network.getLayer("charConvolution");
            int filters = config.charFilters();
            int width = convolution.getKernelSize()[0];
            INDArray kernel = layer.getParam("W");
            if (kernel.length() != (long) filters * config.charEmbeddingSize() * width) {
                throw new UnsupportedNetworkException("character kernel of shape " + Arrays.toString(kernel.shape()));
            }
            INDArray bias = layer.paramTable().get("b");
            float[] biasValues = bias == null ? new float[filters] : Gemm.toArray(bias);
            // The parameter view claims shape [filters, embedding, width, 1], but DL4J's Conv1D hands the
            // flat values to libnd4j's conv1d, which reads them as [width][embedding][filters]
            // (found by comparing with the network's activations; the equivalence test guards it).
            return new CharCnn(embeddings, characters.size(), config.charEmbeddingSize(), Gemm.toArray(kernel),
                    filters, width, biasValues, CharacterVocabulary.MAX_WORD_CHARS);
        }

        /**
         * Recurrent layer {@code index}, reading inputs laid out as {@code inputs}, widened to
         * {@code padded} units per direction ({@link PaddedLayout}).
         */
        private LstmLayer recurrentLayer(int index, String input, PaddedLayout inputs, int padded)
                throws UnsupportedNetworkException {
            int inputSize = inputs.realSize();
            ModelConfig.Direction direction = config.direction();
            List<String> names = new ArrayList<>(List.of("forward" + index));
            layerConf("forward" + index, LSTM.class, List.of(input));
            if (direction != ModelConfig.Direction.FORWARD) {
                String backward = "backward" + index;
                expectInputs(backward + "In", List.of(input));
                expectType(backward + "In", ReverseTimeSeriesVertex.class);
                layerConf(backward, LSTM.class, List.of(backward + "In"));
                expectInputs(backward + "Out", List.of(backward));
                expectType(backward + "Out", ReverseTimeSeriesVertex.class);
                String combined = "recurrent" + index;
                expectInputs(combined, List.of("forward" + index, backward + "Out"));
                GraphVertex vertex = graph.getVertices().get(combined);
                boolean matches = direction == ModelConfig.Direction.BIDIRECTIONAL_CONCAT
                        ? vertex instanceof MergeVertex
                        : vertex instanceof ElementWiseVertex add && add.getOp() == ElementWiseVertex.Op.Add;
                if (!matches) {
                    throw new UnsupportedNetworkException(combined + " is " + vertex);
                }
                names.add(backward);
            }
            int hidden = config.hiddenSize();
            List<INDArray> inputWeights = new ArrayList<>();
            float[] bias = new float[names.size() * 4 * hidden];
            MatrixKernel[] recurrent = new MatrixKernel[names.size()];
            for (int d = 0; d < names.size(); d++) {
                LSTM conf = (LSTM) network.getLayer(names.get(d)).conf().getLayer();
                if (!(conf.getActivationFn() instanceof ActivationTanH) || !(conf.getGateActivationFn() instanceof ActivationSigmoid)) {
                    throw new UnsupportedNetworkException(names.get(d) + " has activations " + conf.getActivationFn()
                            + " and gates " + conf.getGateActivationFn());
                }
                Layer layer = network.getLayer(names.get(d));
                INDArray w = layer.getParam("W");
                INDArray rw = layer.getParam("RW");
                if (w.size(0) != inputSize || w.size(1) != 4L * hidden || rw.size(0) != hidden || rw.size(1) != 4L * hidden) {
                    throw new UnsupportedNetworkException(names.get(d) + " has weights " + Arrays.toString(w.shape())
                            + " and " + Arrays.toString(rw.shape()));
                }
                inputWeights.add(w);
                System.arraycopy(Gemm.toArray(layer.getParam("b")), 0, bias, d * 4 * hidden, 4 * hidden);
                float[] widenedRw = PaddedLayout.within(hidden, padded).widen(Gemm.toArray(rw), 4, hidden, padded);
                recurrent[d] = kernels.recurrent(widenedRw, padded, 4 * padded);
            }
            float[] joined;
            try (INDArray sideBySide = Nd4j.hstack(inputWeights.toArray(INDArray[]::new))) {
                joined = inputs.widen(Gemm.toArray(sideBySide), names.size() * 4, hidden, padded);
            }
            float[] widenedBias = PaddedLayout.unpadded(1).widen(bias, names.size() * 4, hidden, padded);
            MatrixKernel projection = kernels.inputProjection(joined, inputs.size(), names.size() * 4 * padded, widenedBias);
            return new LstmLayer(direction, projection, recurrent, GateLoop.best());
        }

        private OutputLayer outputLayer(String input, PaddedLayout inputs) throws UnsupportedNetworkException {
            int inputSize = inputs.realSize();
            String name = NetworkFactory.OUTPUT;
            Layer layer = network.getLayer(name);
            org.deeplearning4j.nn.conf.layers.Layer conf = layerConf(name, org.deeplearning4j.nn.conf.layers.Layer.class,
                    List.of(input));
            if (!graph.getNetworkOutputs().equals(List.of(name))) {
                throw new UnsupportedNetworkException("outputs " + graph.getNetworkOutputs());
            }
            INDArray weights = layer.getParam("W");
            if (weights.size(0) != inputSize) {
                throw new UnsupportedNetworkException("output layer reads " + weights.size(0) + " values, not " + inputSize);
            }
            int labels = (int) weights.size(1);
            MatrixKernel emissions = kernels.output(inputs.widen(Gemm.toArray(weights), 1, labels, labels), inputs.size(),
                    labels, Gemm.toArray(layer.getParam("b")));
            if (conf instanceof CrfOutput) {
                double[][] transitions = layer.getParam("T").castTo(DataType.DOUBLE).toDoubleMatrix();
                double[] start = layer.getParam("S").castTo(DataType.DOUBLE).toDoubleVector();
                double[] end = layer.getParam("E").castTo(DataType.DOUBLE).toDoubleVector();
                return new OutputLayer(emissions, new CrfMarginals(transitions, start, end));
            }
            if (conf instanceof RnnOutputLayer softmax && softmax.getActivationFn() instanceof ActivationSoftmax) {
                return new OutputLayer(emissions, null);
            }
            throw new UnsupportedNetworkException("output layer " + conf.getClass().getSimpleName());
        }

        /** The configuration of layer {@code name}, checked for its type and inputs. */
        private <T extends org.deeplearning4j.nn.conf.layers.Layer> T layerConf(String name, Class<T> type, List<String> inputs)
                throws UnsupportedNetworkException {
            expectInputs(name, inputs);
            org.deeplearning4j.nn.conf.layers.Layer conf = network.getLayer(name).conf().getLayer();
            if (!type.isInstance(conf)) {
                throw new UnsupportedNetworkException(name + " is a " + conf.getClass().getSimpleName());
            }
            if (conf instanceof BaseLayer base && base.getActivationFn() == null) {
                throw new UnsupportedNetworkException(name + " has no activation");
            }
            return type.cast(conf);
        }

        private void expectVertices(Map<String, List<String>> inputsByVertex) throws UnsupportedNetworkException {
            for (Map.Entry<String, List<String>> entry : inputsByVertex.entrySet()) {
                expectInputs(entry.getKey(), entry.getValue());
            }
        }

        private void expectInputs(String vertex, List<String> inputs) throws UnsupportedNetworkException {
            if (!graph.getVertices().containsKey(vertex)) {
                throw new UnsupportedNetworkException("no vertex " + vertex);
            }
            if (!inputs.equals(graph.getVertexInputs().get(vertex))) {
                throw new UnsupportedNetworkException(vertex + " reads " + graph.getVertexInputs().get(vertex)
                        + ", not " + inputs);
            }
            understood.add(vertex);
        }

        private void expectType(String vertex, Class<? extends GraphVertex> type) throws UnsupportedNetworkException {
            if (!type.isInstance(graph.getVertices().get(vertex))) {
                throw new UnsupportedNetworkException(vertex + " is " + graph.getVertices().get(vertex));
            }
        }
    }
}
