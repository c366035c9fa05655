package com.seqtag.retrain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a training job is in its life; the last four are final. */
public enum JobState {
    QUEUED,
    RUNNING,
    /** Trained and promoted: the new model is active. */
    SUCCEEDED,
    /** Could not train (bad data, an error); the reason says why. */
    FAILED,
    /** Trained, but the validation gate kept the active model; the reason gives both scores. */
    REJECTED,
    CANCELLED;

    /** Whether the job has ended. */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
