package com.seqtag.model.gru;

import com.seqtag.model.layers.LayerInstances;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a GRU layer (Cho et al. 2014): per time step an update gate z and a reset
 * gate r decide how much of the previous state h' to keep and how much of it the candidate n may
 * read: {@code r = σ(x·Wr + h'·Ur + br)}, {@code z = σ(x·Wz + h'·Uz + bz)},
 * {@code n = tanh(x·Wn + bn + r ⊙ (h'·Un))}, {@code h = (1 − z) ⊙ n + z ⊙ h'}.
 * The reset gate applies after the recurrent product (the cuDNN/Keras "reset after" form), so
 * one matrix product per step serves all three gates.
 */
public class Gru extends BaseRecurrentLayer {

    /** For JSON deserialisation of saved networks. */
    protected Gru() {
    }

    protected Gru(Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerInstances.wire(new GruLayerImpl(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return GruParamInitializer.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long parameters = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, Gru.class, inputType, getOutputType(-1, inputType))
                .standardMemory(parameters, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    /** Builds a {@link Gru}; set {@code nIn}, {@code nOut} and optionally dropout and weight init. */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {

        @Override
        @SuppressWarnings("unchecked")
        public Gru build() {
            return new Gru(this);
        }
    }
}
