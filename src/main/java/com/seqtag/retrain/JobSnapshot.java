package com.seqtag.retrain;

import com.seqtag.training.EpochResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A training job as it is at one moment, for clients to read.
 *
 * @param id            job id
 * @param state         where the job is
 * @param createdAt     when it was accepted
 * @param startedAt     when training started (null while queued)
 * @param finishedAt    when it ended (null until then)
 * @param overrides     the settings the request changed
 * @param trainSource   where the training data came from
 * @param validSource   where the validation data came from
 * @param trainSentences sentences trained on
 * @param validSentences sentences validated on
 * @param entityTypes   the entity types the new model learns (from the training data)
 * @param force         whether the gate may be overridden
 * @param progress      epoch and batch progress with elapsed time and an estimate of the rest
 * @param epochs        loss and valid F1 of every finished epoch
 * @param modelVersion  the version of the model trained (null until it exists)
 * @param gate          the validation gate's verdict (null until it ran)
 * @param reason        why the job failed, was rejected or cancelled (null otherwise)
 * @param replica       the replica that trains it ({@code <pid>@<host>}): any replica answers for
 *                      every job, this one does the work
 * @param startedFrom   the version of the model training started from, or null when it started from scratch
 */
public record JobSnapshot(String id, JobState state, Instant createdAt, Instant startedAt, Instant finishedAt,
                          Map<String, Object> overrides, String trainSource, String validSource, int trainSentences,
                          int validSentences, List<String> entityTypes, boolean force, Progress progress,
                          List<EpochResult> epochs, String modelVersion, GateDecision gate, String reason,
                          String replica, String startedFrom) {

    /** This job as failed at {@code at} for {@code why}, with everything else as it was. */
    public JobSnapshot failed(Instant at, String why) {
        return new JobSnapshot(id, JobState.FAILED, createdAt, startedAt, at, overrides, trainSource, validSource,
                trainSentences, validSentences, entityTypes, force, progress, epochs, modelVersion, gate, why,
                replica, startedFrom);
    }

    /**
     * How far training has come.
     *
     * @param epoch           the epoch being trained (1-based; 0 before the first batch)
     * @param maxEpochs       the epoch budget (early stopping may end sooner)
     * @param batch           batches done in this epoch
     * @param batchesPerEpoch batches in an epoch
     * @param percent         share of the epoch budget done (0 to 100)
     * @param elapsedSeconds  time since training started
     * @param etaSeconds      estimated time to the end of the budget (null until one batch has run)
     */
    public record Progress(int epoch, int maxEpochs, int batch, int batchesPerEpoch, double percent,
                           double elapsedSeconds, Double etaSeconds) {
    }
}
