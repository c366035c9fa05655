package com.seqtag.retrain;

import com.seqtag.training.EpochResult;
import com.seqtag.training.TrainingListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One retraining job's mutable state, updated by the training thread and read by requests.
 * All access is synchronized; readers get immutable {@link JobSnapshot}s.
 */
final class TrainingJob implements TrainingListener {

    private final String id;
    private final RetrainOrder order;
    private final Clock clock;
    private final String replica;
    private final Instant createdAt;
    private final List<EpochResult> epochs = new ArrayList<>();
    private JobState state = JobState.QUEUED;
    private Instant startedAt;
    private Instant finishedAt;
    private int epoch;
    private int maxEpochs;
    private int batch;
    private int batchesPerEpoch;
    private String modelVersion;
    private GateDecision gate;
    private String reason;
    private volatile boolean cancelRequested;
    private volatile String leaseLost;

    TrainingJob(String id, RetrainOrder order, Clock clock, String replica) {
        this.id = id;
        this.order = order;
        this.clock = clock;
        this.replica = replica;
        this.createdAt = clock.instant();
        this.maxEpochs = order.plan().training().epochs();
    }

    String id() {
        return id;
    }

    RetrainOrder order() {
        return order;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** Asks a queued or running job to stop; answers whether it was still going. */
    synchronized boolean requestCancel() {
        if (state.isFinal()) {
            return false;
        }
        cancelRequested = true;
        if (state == JobState.QUEUED) {
            finish(JobState.CANCELLED, "cancelled before it started");
        }
        return true;
    }

    /**
     * Stops the job because its training lease lapsed: another replica may already have declared it
     * failed and started the next one, so this one must not promote anything.
     */
    synchronized void loseLease(String why) {
        if (!state.isFinal()) {
            leaseLost = why;
            cancelRequested = true;
            if (state == JobState.QUEUED) {
                finish(JobState.FAILED, why);
            }
        }
    }

    /** Why the job lost its lease, or null while it holds it. */
    String leaseLost() {
        return leaseLost;
    }

    synchronized boolean start() {
        if (state != JobState.QUEUED) {
            return false;
        }
        state = JobState.RUNNING;
        startedAt = clock.instant();
        return true;
    }

    synchronized JobState state() {
        return state;
    }

    synchronized void finish(JobState finalState, String why) {
        if (state.isFinal()) {
            return;
        }
        state = finalState;
        reason = why;
        finishedAt = clock.instant();
    }

    synchronized void modelTrained(String version) {
        modelVersion = version;
    }

    synchronized void gateDecided(GateDecision decision) {
        gate = decision;
    }

    @Override
    public synchronized void onStart(int epochCount, int batches) {
        maxEpochs = epochCount;
        batchesPerEpoch = batches;
    }

    @Override
    public synchronized void onBatch(int currentEpoch, int currentBatch, double loss) {
        epoch = currentEpoch;
        batch = currentBatch;
    }

    @Override
    public synchronized void onEpoch(EpochResult result) {
        epochs.add(result);
    }

    synchronized JobSnapshot snapshot() {
        Instant now = finishedAt != null ? finishedAt : clock.instant();
        double elapsed = startedAt == null ? 0 : Duration.between(startedAt, now).toMillis() / 1000.0;
        double done = batchesPerEpoch == 0 ? 0 : (epoch - 1 + (double) batch / batchesPerEpoch) / maxEpochs;
        done = Math.max(0, Math.min(1, state == JobState.SUCCEEDED || state == JobState.REJECTED ? 1 : done));
        Double eta = state.isFinal() ? Double.valueOf(0) : done > 0 ? elapsed * (1 - done) / done : null;
        JobSnapshot.Progress progress = new JobSnapshot.Progress(epoch, maxEpochs, batch, batchesPerEpoch,
                Math.round(done * 1000) / 10.0, elapsed, eta == null ? null : Math.round(eta * 10) / 10.0);
        return new JobSnapshot(id, state, createdAt, startedAt, finishedAt, order.overrides(), order.trainSource(),
                order.validSource(), order.trainSet().size(), order.validSet().size(), order.entityTypes(),
                order.force(), progress, List.copyOf(epochs), modelVersion, gate, reason, replica, order.startedFrom());
    }
}
