package com.seqtag.model.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Wires a working layer into a network as DL4J's {@code Layer.instantiate} contract asks. */
public final class LayerInstances {

    private LayerInstances() {
    }

    /**
     * Gives {@code layer} its listeners, position, view of the network's flat parameters (initialised
     * by {@code initializer} when {@code initializeParams}) and configuration.
     *
     * @return {@code layer}, ready to use
     */
    public static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                           int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                           ParamInitializer initializer) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> parameters = initializer.init(conf, layerParamsView, initializeParams);
        layer.setParamTable(parameters);
        layer.setConf(conf);
        return layer;
    }
}
