package com.seqtag.model.lean;

/**
 * The gate loop in plain Java, for JVMs started without the Vector API module. Written as short
 * loops over arrays (the gates' activations first, then the cell and output), the shape the JIT's
 * own vectoriser handles.
 */
final class ScalarGateLoop extends GateLoop {

    @Override
    int lanes() {
        return 1;
    }

    @Override
    void step(float[] projected, int projectedFrom, float[] recurrent, int recurrentFrom, float[] cell,
              float[] hidden, int state, float[] output, int outputFrom, int n, float[] gates) {
        if (recurrent == null) {
            System.arraycopy(projected, projectedFrom, gates, 0, 4 * n);
        } else {
            for (int k = 0; k < 4 * n; k++) {
                gates[k] = projected[projectedFrom + k] + recurrent[recurrentFrom + k];
            }
        }
        for (int k = 0; k < n; k++) {
            gates[k] = Activations.tanh(gates[k]);
        }
        for (int k = n; k < 4 * n; k++) {
            gates[k] = 0.5f + 0.5f * Activations.tanh(0.5f * gates[k]);
        }
        for (int j = 0; j < n; j++) {
            // c = forget * c + input * cellInput, in DL4J's order of operations
            cell[state + j] = gates[n + j] * cell[state + j] + gates[3 * n + j] * gates[j];
        }
        for (int j = 0; j < n; j++) {
            hidden[state + j] = gates[2 * n + j] * Activations.tanh(cell[state + j]);
        }
        System.arraycopy(hidden, state, output, outputFrom, n);
    }
}
