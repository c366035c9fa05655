package com.seqtag.model.lean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The vectorised gate loop computes what the plain one does, step after step. */
class GateLoopTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 48, 12})
    void vectorAndPlainLoopsAgree(int n) {
        Random random = new Random(n);
        GateLoop vector = new VectorGateLoop();
        GateLoop plain = new ScalarGateLoop();
        float[] cellV = new float[n];
        float[] cellP = new float[n];
        float[] hiddenV = new float[n];
        float[] hiddenP = new float[n];
        float[] outV = new float[2 * n];
        float[] outP = new float[2 * n];
        for (int step = 0; step < 20; step++) {
            float[] projected = new float[4 * n];
            float[] recurrent = new float[4 * n];
            for (int i = 0; i < 4 * n; i++) {
                projected[i] = (float) random.nextGaussian() * 3;
                recurrent[i] = (float) random.nextGaussian();
            }
            float[] maybeRecurrent = step == 0 ? null : recurrent;
            vector.step(projected, 0, maybeRecurrent, 0, cellV, hiddenV, 0, outV, n, n, new float[4 * n]);
            plain.step(projected, 0, maybeRecurrent, 0, cellP, hiddenP, 0, outP, n, n, new float[4 * n]);
            for (int j = 0; j < n; j++) {
                assertThat(cellV[j]).isCloseTo(cellP[j], within(1e-5f));
                assertThat(hiddenV[j]).isCloseTo(hiddenP[j], within(1e-6f));
            }
        }
        assertThat(Arrays.copyOfRange(outV, n, 2 * n)).containsExactly(hiddenV);
        assertThat(Arrays.copyOfRange(outV, 0, n)).containsOnly(0f); // only its own columns are written
    }

    @ParameterizedTest
    @ValueSource(ints = {16})
    void paddingUnitsWithZeroWeightsStayExactlyZero(int n) {
        GateLoop loop = GateLoop.best();
        float[] cell = new float[n];
        float[] hidden = new float[n];
        float[] output = new float[n];
        float[] zeros = new float[4 * n];
        for (int step = 0; step < 5; step++) {
            loop.step(zeros, 0, zeros, 0, cell, hidden, 0, output, 0, n, new float[4 * n]);
        }
        assertThat(cell).containsOnly(0f);
        assertThat(hidden).containsOnly(0f);
    }
}
