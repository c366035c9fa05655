package com.seqtag.model.lean;

/** The gate loop in plain Java, one unit at a time; the JIT vectorises little of it. */
final class ScalarGateLoop extends GateLoop {

    @Override
    int lanes() {
        return 1;
    }

    @Override
    void step(float[] projected, int projectedFrom, float[] recurrent, int recurrentFrom, float[] cell,
              float[] hidden, int state, float[] output, int outputFrom, int n, float[] scratch) {
        steps(projected, projectedFrom, recurrent, recurrentFrom, cell, hidden, state, output, outputFrom, n);
    }

    /** {@link #step}, for any caller. */
    static void steps(float[] projected, int projectedFrom, float[] recurrent, int recurrentFrom, float[] cell,
                      float[] hidden, int state, float[] output, int outputFrom, int n) {
        for (int j = 0; j < n; j++) {
            unit(projected, projectedFrom, recurrent, recurrentFrom, cell, hidden, state, output, outputFrom, n, j);
        }
    }

    /** Unit {@code j} of a step: the arithmetic both loops share, in DL4J's order of operations. */
    static void unit(float[] projected, int projectedFrom, float[] recurrent, int recurrentFrom, float[] cell,
                     float[] hidden, int state, float[] output, int outputFrom, int n, int j) {
        int p = projectedFrom + j;
        float input = projected[p];
        float forget = projected[p + n];
        float out = projected[p + 2 * n];
        float gate = projected[p + 3 * n];
        if (recurrent != null) {
            int r = recurrentFrom + j;
            input += recurrent[r];
            forget += recurrent[r + n];
            out += recurrent[r + 2 * n];
            gate += recurrent[r + 3 * n];
        }
        float c = sigmoid(forget) * cell[state + j] + sigmoid(gate) * Activations.tanh(input);
        cell[state + j] = c;
        float h = sigmoid(out) * Activations.tanh(c);
        hidden[state + j] = h;
        output[outputFrom + j] = h;
    }

    private static float sigmoid(float x) {
        return 0.5f + 0.5f * Activations.tanh(0.5f * x);
    }
}
