package com.seqtag.model.crf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameter layout of a {@link CrfOutput}: emission weights {@code W [nIn, labels]} and bias
 * {@code b [1, labels]}, transition scores {@code T [labels, labels]} (from row to column label),
 * and start and end scores {@code S, E [1, labels]}, as views into the flat parameter vector.
 * Transitions start at zero: no preference until the data shows one.
 */
public final class CrfParamInitializer implements ParamInitializer {

    /** Emission weights. */
    public static final String WEIGHT_KEY = "W";
    /** Emission bias. */
    public static final String BIAS_KEY = "b";
    /** Transition scores. */
    public static final String TRANSITION_KEY = "T";
    /** Start scores. */
    public static final String START_KEY = "S";
    /** End scores. */
    public static final String END_KEY = "E";

    static final CrfParamInitializer INSTANCE = new CrfParamInitializer();

    private CrfParamInitializer() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        CrfOutput crf = (CrfOutput) layer;
        long labels = crf.getNOut();
        return crf.getNIn() * labels + labels + labels * labels + 2 * labels;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY, BIAS_KEY, TRANSITION_KEY, START_KEY, END_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY, TRANSITION_KEY, START_KEY, END_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return !WEIGHT_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        CrfOutput crf = (CrfOutput) conf.getLayer();
        Map<String, INDArray> views = views(crf, paramsView);
        if (initializeParams) {
            long nIn = crf.getNIn();
            long labels = crf.getNOut();
            crf.getWeightInitFn().init(nIn, labels, new long[] {nIn, labels}, 'f', views.get(WEIGHT_KEY));
            views.get(BIAS_KEY).assign(0);
            views.get(TRANSITION_KEY).assign(0);
            views.get(START_KEY).assign(0);
            views.get(END_KEY).assign(0);
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views((CrfOutput) conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> views(CrfOutput crf, INDArray flat) {
        long nIn = crf.getNIn();
        long labels = crf.getNOut();
        INDArray row = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        long offset = 0;
        views.put(WEIGHT_KEY, row.get(NDArrayIndex.interval(offset, offset + nIn * labels)).reshape('f', nIn, labels));
        offset += nIn * labels;
        views.put(BIAS_KEY, row.get(NDArrayIndex.interval(offset, offset + labels)).reshape('f', 1, labels));
        offset += labels;
        views.put(TRANSITION_KEY, row.get(NDArrayIndex.interval(offset, offset + labels * labels))
                .reshape('f', labels, labels));
        offset += labels * labels;
        views.put(START_KEY, row.get(NDArrayIndex.interval(offset, offset + labels)).reshape('f', 1, labels));
        offset += labels;
        views.put(END_KEY, row.get(NDArrayIndex.interval(offset, offset + labels)).reshape('f', 1, labels));
        return views;
    }
}
