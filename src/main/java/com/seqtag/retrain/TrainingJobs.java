package com.seqtag.retrain;

import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.NativeThreads;
import com.seqtag.registry.LoadedModel;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelStoreUnavailableException;
import com.seqtag.training.Trainer;
import com.seqtag.training.TrainingPlan;
import com.seqtag.training.TrainingResult;
import com.seqtag.training.ValidationRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retraining jobs one at a time on a background thread: train, score the candidate and the
 * active model on the same validation data, store the candidate as a new version, and swap it in
 * when the validation gate allows. Serving never stops: requests keep using the active model until
 * the swap, which is a single reference change in the {@link ModelRegistry}.
 */
public final class TrainingJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);
    /** Finished jobs kept for {@link #list()}; older ones are forgotten. */
    private static final int HISTORY = 100;

    private final ModelRegistry registry;
    private final EmbeddingStore embeddings;
    private final double gateTolerance;
    private final int threads;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, TrainingJob> jobs = new LinkedHashMap<>();

    /**
     * @param gateTolerance F1 points a candidate may trail the active model by and still be promoted
     * @param threads       native threads training may use, leaving the other cores to tagging
     */
    public TrainingJobs(ModelRegistry registry, EmbeddingStore embeddings, double gateTolerance, int threads,
                        Clock clock) {
        this.registry = registry;
        this.embeddings = embeddings;
        this.gateTolerance = gateTolerance;
        this.threads = threads;
        this.clock = clock;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "training-job");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Accepts a job and queues it.
     *
     * @throws JobConflictException                 when another job has not finished: one training at a time
     * @throws ModelStoreUnavailableException when the model store cannot be reached: the job's
     *                                               model could not be stored, so it is not started
     */
    public synchronized JobSnapshot submit(RetrainOrder order) {
        registry.checkStore();
        for (TrainingJob job : jobs.values()) {
            if (!job.state().isFinal()) {
                throw new JobConflictException(job.id());
            }
        }
        TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), order, clock);
        jobs.put(job.id(), job);
        forgetOldJobs();
        executor.execute(() -> run(job));
        log.info("training job {} accepted: {} training sentences ({}), {} validation sentences ({}), overrides {}",
                job.id(), order.trainSet().size(), order.trainSource(), order.validSet().size(), order.validSource(),
                order.overrides());
        return job.snapshot();
    }

    /** The job with this id, if it is known. */
    public synchronized Optional<JobSnapshot> get(String id) {
        return Optional.ofNullable(jobs.get(id)).map(TrainingJob::snapshot);
    }

    /** All known jobs, newest first. */
    public synchronized List<JobSnapshot> list() {
        List<JobSnapshot> all = new ArrayList<>();
        jobs.values().forEach(job -> all.add(0, job.snapshot()));
        return all;
    }

    /** How many of the jobs {@link #list()} knows are in {@code state} (cheaper than counting snapshots). */
    public synchronized int count(JobState state) {
        int count = 0;
        for (TrainingJob job : jobs.values()) {
            if (job.state() == state) {
                count++;
            }
        }
        return count;
    }

    /** Cancels a queued or running job (a running one stops at its next minibatch); empty if unknown. */
    public synchronized Optional<JobSnapshot> cancel(String id) {
        TrainingJob job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        if (job.requestCancel()) {
            log.info("training job {}: cancellation requested", id);
        }
        return Optional.of(job.snapshot());
    }

    private void forgetOldJobs() {
        var iterator = jobs.values().iterator();
        while (jobs.size() > HISTORY && iterator.hasNext()) {
            if (iterator.next().state().isFinal()) {
                iterator.remove();
            }
        }
    }

    private void run(TrainingJob job) {
        if (!job.start()) {
            return;
        }
        RetrainOrder order = job.order();
        try {
            NativeThreads.limitTo(threads);
            TrainingPlan plan = order.plan();
            Trainer trainer = new Trainer(plan.model().pretrainedVectors() ? embeddings.defaultEmbeddings() : null,
                    job, job::cancelRequested);
            TrainingResult result = trainer.train(plan.model(), plan.training(), order.trainSet(), order.validSet(),
                    Map.of("job", job.id(), "trainSource", order.trainSource(), "validSource", order.validSource()));
            ModelArtifact candidate = result.artifact();
            job.modelTrained(candidate.manifest().version());
            checkCancelled(job);

            LoadedModel active = registry.active();
            double activeF1 = ValidationRun.evaluate(active.tagger(), order.validSet()).overall().f1();
            boolean labelSetsDiffer = !new HashSet<>(active.manifest().labels())
                    .equals(new HashSet<>(candidate.manifest().labels()));
            GateDecision decision = GateDecision.decide(result.validation().overall().f1(), activeF1,
                    active.version(), gateTolerance, labelSetsDiffer, order.force());
            job.gateDecided(decision);
            checkCancelled(job);

            // Stored either way, so a rejected candidate can still be activated by hand later.
            registry.store(candidate);
            if (decision.promote()) {
                registry.activate(candidate);
                job.finish(JobState.SUCCEEDED, null);
            } else {
                job.finish(JobState.REJECTED, decision.explanation());
            }
            log.info("training job {}: {}", job.id(), decision.explanation());
        } catch (CancellationException e) {
            job.finish(JobState.CANCELLED, "cancelled: " + e.getMessage());
            log.info("training job {} cancelled", job.id());
        } catch (Exception | OutOfMemoryError e) {
            job.finish(JobState.FAILED, describe(e));
            log.error("training job {} failed", job.id(), e);
        } finally {
            // The training thread lives on between jobs: without this its workspaces, the heap it
            // grew and the C heap's freed pages would stay resident while the service only tags.
            com.seqtag.training.NativeMemory.releaseAfterTraining();
        }
    }

    private static void checkCancelled(TrainingJob job) {
        if (job.cancelRequested()) {
            throw new CancellationException("after training, before promotion");
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "").replace("Error", " error").toLowerCase()
                .strip() + (message == null ? "" : ": " + message);
    }

    /** Stops accepting work and cancels what is running. */
    @Override
    public synchronized void close() {
        jobs.values().forEach(TrainingJob::requestCancel);
        executor.shutdownNow();
    }

    /** Another job is queued or running; only one trains at a time. */
    public static class JobConflictException extends RuntimeException {

        private final String runningJobId;

        public JobConflictException(String runningJobId) {
            super("training job " + runningJobId + " has not finished; one job runs at a time");
            this.runningJobId = runningJobId;
        }

        public String runningJobId() {
            return runningJobId;
        }
    }
}
