package com.seqtag.inference;

/** Inference queues whose workers start when a test says so, letting it fill the queue first. */
public final class PausedQueues {

    private PausedQueues() {
    }

    /** A queue that accepts requests but answers none until {@link #start}. */
    public static InferenceQueue paused(InferenceQueue.Settings settings) {
        return new InferenceQueue(settings, InferenceQueue.BatchListener.NONE, false);
    }

    /** Starts a paused queue's workers. */
    public static void start(InferenceQueue queue) {
        queue.start();
    }
}
