package com.seqtag.model.crf;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The working CRF output layer. Emission scores are computed with ND4J ({@code x·W + b} at every
 * step); the chain itself (forward-backward over at most a few dozen labels) runs in plain Java
 * per sentence, which costs little next to the recurrent layers. The loss is the negative
 * log-likelihood of each sentence's gold label sequence (with soft label targets: the cross-entropy
 * against them, see {@link LinearChainCrf#expectedScore}), summed over the batch and divided by the
 * batch size like DL4J's own output layers; padding (mask 0) is outside every chain.
 */
public class CrfOutputLayer extends BaseLayer<CrfOutput> implements IOutputLayer {

    private INDArray labels;

    public CrfOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    /** Per-token marginal label probabilities, {@code [batch, labels, time]}; zero on padding. */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        Chains chains = chains();
        int batch = chains.batch();
        int steps = chains.steps();
        int labelCount = chains.labels();
        float[] out = new float[batch * labelCount * steps];
        for (int b = 0; b < batch; b++) {
            if (chains.length(b) == 0) {
                continue;
            }
            LinearChainCrf.Marginals marginals = chains.marginals(b);
            for (int t = 0; t < chains.length(b); t++) {
                for (int l = 0; l < labelCount; l++) {
                    out[(b * labelCount + l) * steps + t] = (float) marginals.unary()[t][l];
                }
            }
        }
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {batch, labelCount, steps}, 'c');
        try (INDArray values = Nd4j.create(out, new long[] {batch, labelCount, steps}, 'c')) {
            result.assign(values.castTo(dataType));
        }
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (labels == null) {
            throw new IllegalStateException("CRF output layer: labels are not set");
        }
        applyDropOutIfNecessary(true, workspaceMgr);
        Chains chains = chains();
        int batch = chains.batch();
        int steps = chains.steps();
        int labelCount = chains.labels();
        double[][][] targets = targets(batch, labelCount, steps);
        double[] emissionGradient = new double[batch * steps * labelCount];
        double[][] transitionGradient = new double[labelCount][labelCount];
        double[] startGradient = new double[labelCount];
        double[] endGradient = new double[labelCount];
        for (int b = 0; b < batch; b++) {
            int length = chains.length(b);
            if (length == 0) {
                continue;
            }
            LinearChainCrf.Marginals marginals = chains.marginals(b);
            double[][] target = java.util.Arrays.copyOf(targets[b], length);
            for (int t = 0; t < length; t++) {
                for (int l = 0; l < labelCount; l++) {
                    emissionGradient[(b * steps + t) * labelCount + l] = marginals.unary()[t][l] - target[t][l];
                }
            }
            double[][] targetTransitions = LinearChainCrf.expectedTransitions(target, labelCount);
            for (int i = 0; i < labelCount; i++) {
                for (int j = 0; j < labelCount; j++) {
                    transitionGradient[i][j] += marginals.pairwise()[i][j] - targetTransitions[i][j];
                }
                startGradient[i] += marginals.unary()[0][i] - target[0][i];
                endGradient[i] += marginals.unary()[length - 1][i] - target[length - 1][i];
            }
        }
        // Gradients are sums over the batch, as DL4J's output layers give them: the updater divides by
        // the minibatch size, and the score is the per-sentence mean.
        INDArray dz = Nd4j.create(emissionGradient, new long[] {(long) batch * steps, labelCount}, 'c')
                .castTo(dataType);
        INDArray x = chains.input2d();
        INDArray weights = getParam(CrfParamInitializer.WEIGHT_KEY);

        gradientViews.get(CrfParamInitializer.WEIGHT_KEY).assign(x.transpose().mmul(dz));
        gradientViews.get(CrfParamInitializer.BIAS_KEY).assign(dz.sum(0).reshape(1, labelCount));
        gradientViews.get(CrfParamInitializer.TRANSITION_KEY).assign(
                Nd4j.create(transitionGradient).castTo(dataType));
        gradientViews.get(CrfParamInitializer.START_KEY).assign(
                Nd4j.create(startGradient, new long[] {1, labelCount}, 'c').castTo(dataType));
        gradientViews.get(CrfParamInitializer.END_KEY).assign(
                Nd4j.create(endGradient, new long[] {1, labelCount}, 'c').castTo(dataType));
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        for (String key : CrfParamInitializer.INSTANCE.paramKeys(layerConf())) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }

        // dL/dx = dz·Wᵀ, back to [batch, nIn, time].
        INDArray dx2d = dz.mmul(weights.transpose());
        long nIn = layerConf().getNIn();
        INDArray dx = dx2d.reshape('c', batch, steps, nIn).permute(0, 2, 1);
        INDArray epsilonOut = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx, 'c');
        return new Pair<>(gradient, backpropDropOutIfPresent(epsilonOut));
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        double[] perSentence = negativeLogLikelihoods(workspaceMgr, training);
        double sum = 0;
        for (double value : perSentence) {
            sum += value;
        }
        score = sum / perSentence.length + fullNetRegTerm;
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        double[] perSentence = negativeLogLikelihoods(workspaceMgr, false);
        INDArray scores = Nd4j.create(perSentence, new long[] {perSentence.length, 1}, 'c').castTo(dataType);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, scores.addi(fullNetRegTerm));
    }

    private double[] negativeLogLikelihoods(LayerWorkspaceMgr workspaceMgr, boolean training) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        Chains chains = chains();
        double[][][] targets = targets(chains.batch(), chains.labels(), chains.steps());
        double[] result = new double[chains.batch()];
        for (int b = 0; b < chains.batch(); b++) {
            int length = chains.length(b);
            if (length == 0) {
                continue;
            }
            double[][] emit = chains.emissions(b);
            double[][] target = java.util.Arrays.copyOf(targets[b], length);
            result[b] = LinearChainCrf.marginals(emit, chains.transitions(), chains.start(), chains.end()).logPartition()
                    - LinearChainCrf.expectedScore(target, emit, chains.transitions(), chains.start(), chains.end());
        }
        return result;
    }

    /**
     * The label targets {@code [batch][time][label]}: one-hot gold labels, or any distribution per
     * token (soft targets, e.g. gold mixed with a teacher ensemble's marginals in distillation).
     */
    private double[][][] targets(int batch, int labelCount, int steps) {
        float[] values = labels.castTo(DataType.FLOAT).dup('c').data().asFloat();
        double[][][] targets = new double[batch][steps][labelCount];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                for (int l = 0; l < labelCount; l++) {
                    targets[b][t][l] = values[(b * labelCount + l) * steps + t];
                }
            }
        }
        return targets;
    }

    /** Emission scores and chain parameters of the current input, read out once into Java arrays. */
    private Chains chains() {
        INDArray in = input;
        int batch = (int) in.size(0);
        int steps = (int) in.size(2);
        long nIn = in.size(1);
        INDArray x = in.permute(0, 2, 1).dup('c').reshape('c', (long) batch * steps, nIn);
        INDArray weights = getParam(CrfParamInitializer.WEIGHT_KEY);
        INDArray z = x.mmul(weights).addiRowVector(getParam(CrfParamInitializer.BIAS_KEY));
        int labelCount = (int) layerConf().getNOut();
        double[] emissions = z.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int[] lengths = new int[batch];
        if (maskArray == null) {
            java.util.Arrays.fill(lengths, steps);
        } else {
            float[] mask = maskArray.castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    if (mask[b * steps + t] != 0) {
                        lengths[b] = t + 1;
                    }
                }
            }
        }
        return new Chains(x, emissions, lengths, batch, steps, labelCount,
                getParam(CrfParamInitializer.TRANSITION_KEY).castTo(DataType.DOUBLE).toDoubleMatrix(),
                getParam(CrfParamInitializer.START_KEY).castTo(DataType.DOUBLE).toDoubleVector(),
                getParam(CrfParamInitializer.END_KEY).castTo(DataType.DOUBLE).toDoubleVector());
    }

    /** One batch's chains; sentence {@code b} covers steps {@code 0 .. length(b)-1} (masks are prefixes). */
    private record Chains(INDArray input2d, double[] emissionValues, int[] lengths, int batch, int steps, int labels,
                          double[][] transitions, double[] start, double[] end) {

        int length(int b) {
            return lengths[b];
        }

        double[][] emissions(int b) {
            double[][] emit = new double[lengths[b]][labels];
            for (int t = 0; t < lengths[b]; t++) {
                System.arraycopy(emissionValues, (b * steps + t) * labels, emit[t], 0, labels);
            }
            return emit;
        }

        LinearChainCrf.Marginals marginals(int b) {
            return LinearChainCrf.marginals(emissions(b), transitions, start, end);
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        this.maskArray = maskArray;
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    @Override
    public void clear() {
        super.clear();
        labels = null;
    }

    @Override
    public double f1Score(DataSet data) {
        throw new UnsupportedOperationException("score a CRF tagger with the entity evaluator");
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        throw new UnsupportedOperationException("score a CRF tagger with the entity evaluator");
    }

    @Override
    public int numLabels() {
        return (int) layerConf().getNOut();
    }

    @Override
    public void fit(DataSetIterator iterator) {
        throw new UnsupportedOperationException("train the whole network, not its output layer");
    }

    @Override
    public int[] predict(INDArray examples) {
        throw new UnsupportedOperationException("decode label sequences with the tagger");
    }

    @Override
    public java.util.List<String> predict(DataSet data) {
        throw new UnsupportedOperationException("decode label sequences with the tagger");
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw new UnsupportedOperationException("train the whole network, not its output layer");
    }

    @Override
    public void fit(DataSet data) {
        throw new UnsupportedOperationException("train the whole network, not its output layer");
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        throw new UnsupportedOperationException("train the whole network, not its output layer");
    }
}
