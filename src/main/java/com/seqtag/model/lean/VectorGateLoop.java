package com.seqtag.model.lean;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gate loop on the JDK's Vector API, a whole vector of units at a time: the arithmetic of
 * {@link ScalarGateLoop}, with each multiply-add of the rational tanh fused into one instruction
 * (half the operations and half the latency of the dependent chain; results differ from the plain
 * loop's by float rounding only). The lean network pads its layers to a multiple of
 * {@link #lanes()} units; a layer that is not (a caller's own) goes to the plain loop.
 * Loaded only when the incubator module is present.
 */
final class VectorGateLoop extends GateLoop {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** For layers not padded to whole vectors. */
    private static final GateLoop PLAIN = new ScalarGateLoop();
    private static final FloatVector A1 = FloatVector.broadcast(SPECIES, Activations.A1);
    private static final FloatVector A3 = FloatVector.broadcast(SPECIES, Activations.A3);
    private static final FloatVector A5 = FloatVector.broadcast(SPECIES, Activations.A5);
    private static final FloatVector A7 = FloatVector.broadcast(SPECIES, Activations.A7);
    private static final FloatVector A9 = FloatVector.broadcast(SPECIES, Activations.A9);
    private static final FloatVector A11 = FloatVector.broadcast(SPECIES, Activations.A11);
    private static final FloatVector B0 = FloatVector.broadcast(SPECIES, Activations.B0);
    private static final FloatVector B2 = FloatVector.broadcast(SPECIES, Activations.B2);
    private static final FloatVector B4 = FloatVector.broadcast(SPECIES, Activations.B4);

    @Override
    int lanes() {
        return SPECIES.length();
    }

    @Override
    void step(float[] projected, int projectedFrom, float[] recurrent, int recurrentFrom, float[] cell,
              float[] hidden, int state, float[] output, int outputFrom, int n, float[] gates) {
        if (n % SPECIES.length() != 0) {
            PLAIN.step(projected, projectedFrom, recurrent, recurrentFrom, cell, hidden, state, output, outputFrom, n, gates);
            return;
        }
        // In three short loops rather than one long one: each stays small enough for the JIT to
        // inline tanh into it, which keeps every vector in registers (a call boxes them).
        activate(projected, projectedFrom, recurrent, recurrentFrom, gates, n);
        for (int j = 0; j < n; j += SPECIES.length()) {
            FloatVector input = FloatVector.fromArray(SPECIES, gates, j);
            FloatVector forget = FloatVector.fromArray(SPECIES, gates, j + n);
            FloatVector gate = FloatVector.fromArray(SPECIES, gates, j + 3 * n);
            FloatVector c = forget.mul(FloatVector.fromArray(SPECIES, cell, state + j)).add(gate.mul(input));
            c.intoArray(cell, state + j);
            tanh(c).mul(FloatVector.fromArray(SPECIES, gates, j + 2 * n)).intoArray(hidden, state + j);
        }
        System.arraycopy(hidden, state, output, outputFrom, n);
    }

    /** The four gates' activations: tanh for the cell input (block 0), sigmoids for the rest. */
    private static void activate(float[] projected, int projectedFrom, float[] recurrent, int recurrentFrom,
                                 float[] gates, int n) {
        for (int k = 0; k < 4 * n; k += SPECIES.length()) {
            FloatVector x = FloatVector.fromArray(SPECIES, projected, projectedFrom + k);
            if (recurrent != null) {
                x = x.add(FloatVector.fromArray(SPECIES, recurrent, recurrentFrom + k));
            }
            (k < n ? tanh(x) : sigmoid(x)).intoArray(gates, k);
        }
    }

    private static FloatVector sigmoid(FloatVector x) {
        return tanh(x.mul(0.5f)).mul(0.5f).add(0.5f);
    }

    /** {@link Activations#tanh(float)} lane by lane, its multiply-adds fused. */
    private static FloatVector tanh(FloatVector x) {
        FloatVector c = x.max(-Activations.CLAMP).min(Activations.CLAMP);
        FloatVector c2 = c.mul(c);
        FloatVector p = c2.mul(Activations.A13).add(A11).fma(c2, A9).fma(c2, A7).fma(c2, A5).fma(c2, A3).fma(c2, A1)
                .mul(c);
        FloatVector q = c2.mul(Activations.B6).add(B4).fma(c2, B2).fma(c2, B0);
        return p.div(q);
    }
}
