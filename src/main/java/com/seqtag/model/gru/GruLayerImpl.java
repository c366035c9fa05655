package com.seqtag.model.gru;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The working GRU layer: forward pass over a {@code [batch, nIn, time]} sequence and
 * backpropagation through time. Masked steps (padding) produce a zero state, like DL4J's LSTM,
 * so a mask-aware reversal upstream gives exact bidirectional results.
 */
public class GruLayerImpl extends BaseRecurrentLayer<Gru> {

    private static final String STATE_KEY = "previousState";

    public GruLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(null, training, false, workspaceMgr).states();
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray states = forward(stateMap.get(STATE_KEY), false, false, workspaceMgr).states();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            stateMap.put(STATE_KEY, states.get(all(), all(), point(states.size(2) - 1)).dup());
        }
        return states;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray states = forward(tBpttStateMap.get(STATE_KEY), training, false, workspaceMgr).states();
        if (storeLastForTBPTT) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                tBpttStateMap.put(STATE_KEY, states.get(all(), all(), point(states.size(2) - 1)).dup());
            }
        }
        return states;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return tbpttBackpropGradient(epsilon, -1, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Forward forward = forward(null, true, true, workspaceMgr);
        INDArray in = forward.input();
        long batch = in.size(0);
        long nOut = layerConf().getNOut();
        long steps = in.size(2);
        INDArray w = getParamWithNoise(GruParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(GruParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray wGrad = gradientViews.get(GruParamInitializer.WEIGHT_KEY);
        INDArray rwGrad = gradientViews.get(GruParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray bGrad = gradientViews.get(GruParamInitializer.BIAS_KEY);
        gradientsFlattened.assign(0);

        INDArray eps = epsilon.ordering() == 'f' ? epsilon : epsilon.dup('f');
        INDArray epsOut = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'f');
        INDArray zeros = Nd4j.zeros(in.dataType(), batch, nOut);
        INDArray stateGradNext = Nd4j.zeros(in.dataType(), batch, nOut);
        long end = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
        for (long t = steps - 1; t >= end; t--) {
            INDArray previous = t > 0 ? forward.states().get(all(), all(), point(t - 1)) : zeros;
            INDArray r = forward.reset().get(all(), all(), point(t));
            INDArray z = forward.update().get(all(), all(), point(t));
            INDArray n = forward.candidate().get(all(), all(), point(t));
            INDArray recurrentCandidate = forward.recurrentCandidate().get(all(), all(), point(t));

            // dL/dh_t: from this step's output and from step t+1 through the recurrence.
            INDArray stateGrad = eps.get(all(), all(), point(t)).add(stateGradNext);
            if (maskArray != null) {
                stateGrad.muliColumnVector(maskArray.getColumn(t).reshape(batch, 1).castTo(stateGrad.dataType()));
            }
            // h = (1 - z) n + z h'
            INDArray candidateGrad = stateGrad.mul(z.rsub(1.0));
            INDArray updateGrad = stateGrad.mul(previous.sub(n));
            INDArray previousGrad = stateGrad.mul(z);
            // n = tanh(a_n), a_n = xWn + bn + r (h'Un)
            INDArray candidatePre = candidateGrad.mul(n.mul(n).rsubi(1.0));
            INDArray resetGrad = candidatePre.mul(recurrentCandidate);
            INDArray resetPre = resetGrad.mul(r.mul(r.rsub(1.0)));
            INDArray updatePre = updateGrad.mul(z.mul(z.rsub(1.0)));

            INDArray inputGates = Nd4j.hstack(resetPre, updatePre, candidatePre);
            INDArray recurrentGates = Nd4j.hstack(resetPre, updatePre, candidatePre.mul(r));
            INDArray x = in.get(all(), all(), point(t));
            Nd4j.gemm(x, inputGates, wGrad, true, false, 1.0, 1.0);
            Nd4j.gemm(previous, recurrentGates, rwGrad, true, false, 1.0, 1.0);
            bGrad.addi(inputGates.sum(true, 0));
            Nd4j.gemm(inputGates, w, epsOut.get(all(), all(), point(t)), false, true, 1.0, 0.0);
            stateGradNext = previousGrad.addi(Nd4j.gemm(recurrentGates, rw, false, true));
        }
        weightNoiseParams.clear();

        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(GruParamInitializer.WEIGHT_KEY, wGrad);
        gradient.gradientForVariable().put(GruParamInitializer.RECURRENT_WEIGHT_KEY, rwGrad);
        gradient.gradientForVariable().put(GruParamInitializer.BIAS_KEY, bGrad);
        return new Pair<>(gradient, backpropDropOutIfPresent(epsOut));
    }

    private Forward forward(INDArray initialState, boolean training, boolean keepGates, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (layerConf().getRnnDataFormat() == RNNFormat.NWC) {
            throw new IllegalStateException("the GRU layer reads [batch, features, time] (NCW) input only");
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray in = input.ordering() == 'f' ? input : workspaceMgr.dup(ArrayType.ACTIVATIONS, input, 'f');
        long batch = in.size(0);
        long nOut = layerConf().getNOut();
        long steps = in.size(2);
        INDArray w = getParamWithNoise(GruParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(GruParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(GruParamInitializer.BIAS_KEY, training, workspaceMgr);

        long[] shape = {batch, nOut, steps};
        INDArray states = workspaceMgr.create(ArrayType.ACTIVATIONS, in.dataType(), shape, 'f');
        INDArray reset = keepGates ? workspaceMgr.create(ArrayType.BP_WORKING_MEM, in.dataType(), shape, 'f') : null;
        INDArray update = keepGates ? workspaceMgr.create(ArrayType.BP_WORKING_MEM, in.dataType(), shape, 'f') : null;
        INDArray candidate = keepGates ? workspaceMgr.create(ArrayType.BP_WORKING_MEM, in.dataType(), shape, 'f') : null;
        INDArray recurrentCandidate = keepGates
                ? workspaceMgr.create(ArrayType.BP_WORKING_MEM, in.dataType(), shape, 'f')
                : null;

        INDArray previous = initialState != null ? initialState : Nd4j.zeros(in.dataType(), batch, nOut);
        for (long t = 0; t < steps; t++) {
            INDArray x = in.get(all(), all(), point(t));
            INDArray inputGates = x.mmul(w).addiRowVector(b);          // [batch, 3 nOut]
            INDArray recurrentGates = previous.mmul(rw);                // [batch, 3 nOut]
            INDArray r = Transforms.sigmoid(inputGates.get(all(), interval(0, nOut))
                    .add(recurrentGates.get(all(), interval(0, nOut))), false);
            INDArray z = Transforms.sigmoid(inputGates.get(all(), interval(nOut, 2 * nOut))
                    .add(recurrentGates.get(all(), interval(nOut, 2 * nOut))), false);
            INDArray hn = recurrentGates.get(all(), interval(2 * nOut, 3 * nOut));
            INDArray n = Transforms.tanh(inputGates.get(all(), interval(2 * nOut, 3 * nOut)).add(r.mul(hn)), false);
            // h = n + z (h' - n)
            INDArray h = previous.sub(n).muli(z).addi(n);
            if (maskArray != null) {
                // A masked (padding) step outputs zero and hands a zero state on.
                h.muliColumnVector(maskArray.getColumn(t).reshape(batch, 1).castTo(h.dataType()));
            }
            states.get(all(), all(), point(t)).assign(h);
            if (keepGates) {
                reset.get(all(), all(), point(t)).assign(r);
                update.get(all(), all(), point(t)).assign(z);
                candidate.get(all(), all(), point(t)).assign(n);
                recurrentCandidate.get(all(), all(), point(t)).assign(hn);
            }
            previous = h;
        }
        return new Forward(in, states, reset, update, candidate, recurrentCandidate);
    }

    /** What the forward pass keeps for backpropagation, all {@code [batch, nOut, time]}. */
    private record Forward(INDArray input, INDArray states, INDArray reset, INDArray update, INDArray candidate,
                           INDArray recurrentCandidate) {
    }
}
