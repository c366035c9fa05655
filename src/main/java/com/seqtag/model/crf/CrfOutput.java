package com.seqtag.model.crf;

import com.seqtag.model.layers.LayerInstances;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a linear-chain CRF output layer: {@code nIn} features per time step in
 * ({@code [batch, nIn, time]}), {@code nOut} labels. It learns emission weights and label
 * transition scores, is trained on the log-likelihood of the gold label sequence of each
 * (masked) sentence, and outputs per-token marginal label probabilities.
 */
public class CrfOutput extends FeedForwardLayer {

    /** For JSON deserialisation of saved networks. */
    protected CrfOutput() {
    }

    protected CrfOutput(Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerInstances.wire(new CrfOutputLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return CrfParamInitializer.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(nOut);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long parameters = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, CrfOutput.class, inputType, getOutputType(-1, inputType))
                .standardMemory(parameters, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    /** Builds a {@link CrfOutput}; set {@code nIn} (features) and {@code nOut} (labels). */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        @Override
        @SuppressWarnings("unchecked")
        public CrfOutput build() {
            return new CrfOutput(this);
        }
    }
}
