package com.seqtag.model.gru;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameter layout of a {@link Gru}: input weights {@code W [nIn, 3·nOut]}, recurrent weights
 * {@code RW [nOut, 3·nOut]} and bias {@code b [1, 3·nOut]}, each holding the reset, update and
 * candidate blocks side by side, as views into the network's flat parameter vector.
 */
public final class GruParamInitializer implements ParamInitializer {

    /** Input-to-hidden weights. */
    public static final String WEIGHT_KEY = "W";
    /** Hidden-to-hidden weights. */
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    /** Biases. */
    public static final String BIAS_KEY = "b";

    static final GruParamInitializer INSTANCE = new GruParamInitializer();

    private GruParamInitializer() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        Gru gru = (Gru) layer;
        long nIn = gru.getNIn();
        long nOut = gru.getNOut();
        return nIn * 3 * nOut + nOut * 3 * nOut + 3 * nOut;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key) || RECURRENT_WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Gru gru = (Gru) conf.getLayer();
        Map<String, INDArray> views = views(gru, paramsView);
        if (initializeParams) {
            long nIn = gru.getNIn();
            long nOut = gru.getNOut();
            IWeightInit inputInit = gru.getWeightInitFn();
            IWeightInit recurrentInit = gru.getWeightInitFnRecurrent() != null ? gru.getWeightInitFnRecurrent() : inputInit;
            inputInit.init(nIn, nOut, new long[] {nIn, 3 * nOut}, 'f', views.get(WEIGHT_KEY));
            recurrentInit.init(nOut, nOut, new long[] {nOut, 3 * nOut}, 'f', views.get(RECURRENT_WEIGHT_KEY));
            views.get(BIAS_KEY).assign(gru.getBiasInit());
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views((Gru) conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> views(Gru gru, INDArray flat) {
        long nIn = gru.getNIn();
        long nOut = gru.getNOut();
        long weights = nIn * 3 * nOut;
        long recurrent = nOut * 3 * nOut;
        INDArray row = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(WEIGHT_KEY, row.get(NDArrayIndex.interval(0, weights)).reshape('f', nIn, 3 * nOut));
        views.put(RECURRENT_WEIGHT_KEY, row.get(NDArrayIndex.interval(weights, weights + recurrent))
                .reshape('f', nOut, 3 * nOut));
        views.put(BIAS_KEY, row.get(NDArrayIndex.interval(weights + recurrent, weights + recurrent + 3 * nOut))
                .reshape('f', 1, 3 * nOut));
        return views;
    }
}
