package com.seqtag.model.lean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The element-wise half of one LSTM step for one sentence: add the step's input and recurrent
 * parts of the four gates, apply tanh and the sigmoids, update the cell and write the output. Gate blocks follow DL4J's layout: of the {@code 4n} values, block 0
 * is the cell input (tanh), then the forget, output and input gates (sigmoid).
 */
abstract class GateLoop {

    private static final Logger log = LoggerFactory.getLogger(GateLoop.class);

    /**
     * The JDK's Vector API when the JVM was started with {@code --add-modules jdk.incubator.vector}
     * (the Dockerfile and the documented launch command do), else the plain loop, with a log line.
     */
    static GateLoop best() {
        return Holder.BEST;
    }

    /** Chosen once: the answer depends only on how the JVM was started. */
    private static final class Holder {
        static final GateLoop BEST = choose();
    }

    private static GateLoop choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                GateLoop vector = new VectorGateLoop();
                log.info("LSTM gate loop: Vector API, {} floats per vector", vector.lanes());
                return vector;
            } catch (LinkageError e) {
                log.warn("LSTM gate loop: Vector API unusable ({}); plain Java loop", e.toString());
            }
        } else {
            log.info("LSTM gate loop: plain Java loop (start the JVM with --add-modules jdk.incubator.vector for the"
                    + " vectorised one)");
        }
        return new ScalarGateLoop();
    }

    /** Float lanes per vector operation: 1 for the plain loop. */
    abstract int lanes();

    /**
     * One step for one sentence.
     *
     * @param projected     the input part of the gates, {@code 4n} values from {@code projectedFrom}
     * @param recurrent     the recurrent part, {@code 4n} values from {@code recurrentFrom}, or null
     *                      at the first step (zero state)
     * @param cell          the cell state, {@code n} values from {@code state}, updated in place
     * @param hidden        the output state, {@code n} values from {@code state}, overwritten
     * @param output        the layer's output, {@code n} values from {@code outputFrom}, overwritten
     * @param scratch       at least {@code 4n} values the loop may overwrite, the caller's own
     */
    abstract void step(float[] projected, int projectedFrom, float[] recurrent, int recurrentFrom, float[] cell,
                       float[] hidden, int state, float[] output, int outputFrom, int n, float[] scratch);
}
