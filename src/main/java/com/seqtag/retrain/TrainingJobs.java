package com.seqtag.retrain;

import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.NativeThreads;
import com.seqtag.model.Tagger;
import com.seqtag.registry.LoadedModel;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelStoreUnavailableException;
import com.seqtag.training.NativeMemory;
import com.seqtag.training.Trainer;
import com.seqtag.training.TrainingPlan;
import com.seqtag.training.TrainingResult;
import com.seqtag.training.ValidationRun;
import com.seqtag.training.WarmStart;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.seqtag.store.SharedRecords;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retraining jobs on a background thread: train, score the candidate and the active model on
 * the same validation data, store the candidate as a new version, and swap it in when the
 * validation gate allows. Serving never stops: requests keep using the active model until the
 * swap, which is a single reference change in the {@link ModelRegistry}.
 *
 * <p>Jobs are cluster-wide: one job at a time across every replica sharing the store (a
 * {@link TrainingLease}), and each job's record in the store ({@link JobRecords}), written by its
 * replica at every change and at least every {@link #heartbeat} while it runs, so any replica
 * lists, shows and cancels any job. A job whose replica died (its lease lapsed) is marked failed
 * by the first replica that looks at it, or that claims the lease next.
 */
public final class TrainingJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);
    /** Ended jobs kept in the store; older ones are removed when a new job starts. */
    private static final int HISTORY = 100;
    /** The most time between two writes of a running job's record (its progress), and lease renewals. */
    private static final Duration MAX_HEARTBEAT = Duration.ofSeconds(2);

    private final ModelRegistry registry;
    private final EmbeddingStore embeddings;
    private final double gateTolerance;
    private final int threads;
    private final Clock clock;
    private final Cluster cluster;
    private final TrainingLease lease;
    private final JobRecords records;
    private final Duration heartbeat;
    private final ExecutorService executor;
    private final ScheduledExecutorService heartbeats;
    /** The jobs this replica accepted, oldest first: their snapshots are fresher than their records. */
    private final Map<String, TrainingJob> jobs = new LinkedHashMap<>();
    /** Jobs whose final state is in the store (their heartbeat has ended). */
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    /** Serialises writes of job records, so an older snapshot never overwrites a newer one. */
    private final Object syncLock = new Object();

    /**
     * Where jobs are shared and who this replica is.
     *
     * @param records       the store's shared records
     * @param replica       this replica's name in job records ({@code <pid>@<host>})
     * @param leaseDuration how long a training replica's claim lasts unless renewed; a job whose
     *                      replica died is declared failed this long after its last renewal
     */
    public record Cluster(SharedRecords records, String replica, Duration leaseDuration) {

        /** This process's name: its pid and host, unique across replicas and across restarts. */
        public static String thisReplica() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = InetAddress.getLocalHost().getHostName();
                } catch (IOException e) {
                    host = "localhost";
                }
            }
            return ProcessHandle.current().pid() + "@" + host;
        }
    }

    /**
     * @param gateTolerance F1 points a candidate may trail the active model by and still be promoted
     * @param threads       native threads training may use, leaving the other cores to tagging
     * @param cluster       where jobs are shared with the other replicas
     */
    public TrainingJobs(ModelRegistry registry, EmbeddingStore embeddings, double gateTolerance, int threads,
                        Clock clock, Cluster cluster) {
        this.registry = registry;
        this.embeddings = embeddings;
        this.gateTolerance = gateTolerance;
        this.threads = threads;
        this.clock = clock;
        this.cluster = cluster;
        ObjectMapper json = JobRecords.mapper();
        this.lease = new TrainingLease(cluster.records(), json, cluster.replica(), cluster.leaseDuration(), clock);
        this.records = new JobRecords(cluster.records(), json);
        Duration third = cluster.leaseDuration().dividedBy(3);
        this.heartbeat = third.compareTo(MAX_HEARTBEAT) < 0 ? third : MAX_HEARTBEAT;
        this.executor = Executors.newSingleThreadExecutor(daemon("training-job"));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("training-heartbeat"));
    }

    /**
     * Accepts a job and queues it.
     *
     * @throws JobConflictException           when another job, on this replica or another, has not
     *                                        finished: one training at a time
     * @throws ModelStoreUnavailableException when the model store cannot be reached: the job's
     *                                        model could not be stored, so it is not started
     */
    public synchronized JobSnapshot submit(RetrainOrder order) {
        registry.checkStore();
        for (TrainingJob job : jobs.values()) {
            if (!job.state().isFinal()) {
                throw new JobConflictException(job.id());
            }
            // A job that has just ended may not have written its end and released the lease yet.
            sync(job);
        }
        TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), order, clock, cluster.replica());
        List<TrainingLease.Claim> lapsed = withStore(() -> lease.acquire(job.id(),
                other -> records.read(other).map(ended -> ended.state().isFinal()).orElse(false)));
        for (TrainingLease.Claim claim : lapsed) {
            withStore(() -> records.read(claim.job())).ifPresent(this::failIfAbandoned);
        }
        try {
            records.write(job.snapshot());
        } catch (IOException | RuntimeException e) {
            releaseQuietly(job.id());
            throw unavailable(e);
        }
        jobs.put(job.id(), job);
        forgetOldJobs();
        executor.execute(() -> run(job));
        heartbeats.schedule(() -> beat(job), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        log.info("training job {} accepted: {} training sentences ({}), {} validation sentences ({}), overrides {}",
                job.id(), order.trainSet().size(), order.trainSource(), order.validSet().size(), order.validSource(),
                order.overrides());
        return job.snapshot();
    }

    /**
     * The job with this id, if any replica knows it: this replica's own jobs as they are now,
     * the others' as their replicas last wrote them.
     *
     * @throws ModelStoreUnavailableException when the job is not this replica's and the store cannot be reached
     */
    public Optional<JobSnapshot> get(String id) {
        Optional<TrainingJob> mine = localJob(id);
        if (mine.isPresent()) {
            return Optional.of(mine.get().snapshot());
        }
        return withStore(() -> records.read(id)).map(this::failIfAbandoned);
    }

    /**
     * Every job the store records, newest first.
     *
     * @throws ModelStoreUnavailableException when the store cannot be reached
     */
    public List<JobSnapshot> list() {
        List<JobSnapshot> recorded = withStore(records::list);
        List<JobSnapshot> all = new ArrayList<>();
        Set<String> mine = new HashSet<>();
        synchronized (this) {
            // This replica's jobs first, newest first, so jobs created in the same millisecond keep their order.
            jobs.values().forEach(job -> {
                all.add(0, job.snapshot());
                mine.add(job.id());
            });
        }
        recorded.stream().filter(job -> !mine.contains(job.id())).map(this::failIfAbandoned).forEach(all::add);
        all.sort(Comparator.comparing(JobSnapshot::createdAt).reversed());
        return all;
    }

    /** How many of this replica's own jobs are in {@code state} (cheaper than counting snapshots). */
    public synchronized int count(JobState state) {
        int count = 0;
        for (TrainingJob job : jobs.values()) {
            if (job.state() == state) {
                count++;
            }
        }
        return count;
    }

    /**
     * Cancels a queued or running job (a running one stops at its next minibatch), wherever it
     * runs: a job of another replica is told through its record, which that replica reads at its
     * next heartbeat. Empty if no replica knows the job.
     */
    public Optional<JobSnapshot> cancel(String id) {
        Optional<TrainingJob> mine = localJob(id);
        if (mine.isPresent()) {
            if (mine.get().requestCancel()) {
                log.info("training job {}: cancellation requested", id);
                heartbeats.execute(() -> sync(mine.get()));
            }
            return Optional.of(mine.get().snapshot());
        }
        Optional<JobSnapshot> recorded = get(id);
        if (recorded.isPresent() && !recorded.get().state().isFinal()) {
            withStore(() -> {
                records.requestCancel(id);
                return null;
            });
            log.info("training job {} on replica {}: cancellation requested", id, recorded.get().replica());
        }
        return recorded;
    }

    private synchronized Optional<TrainingJob> localJob(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /**
     * The recorded job, or, when it has not ended but its replica's lease has lapsed, the job as
     * failed: written to the store so every replica agrees, and its lapsed claim removed.
     */
    private JobSnapshot failIfAbandoned(JobSnapshot job) {
        if (job.state().isFinal()) {
            return job;
        }
        return withStore(() -> {
            Optional<TrainingLease.Claim> claim = lease.claim(job.id());
            if (claim.isPresent() && lease.isLive(claim.get())) {
                return job;
            }
            // A replica writes its job's end before it releases the claim: read the record again, as
            // it may have ended normally since it was first read.
            Optional<JobSnapshot> now = records.read(job.id());
            if (now.isPresent() && now.get().state().isFinal()) {
                return now.get();
            }
            String lastRenewal = claim.map(c -> " (its lease lapsed at " + c.expiresAt() + ")").orElse("");
            JobSnapshot failed = job.failed(clock.instant(), "the replica training it (" + job.replica()
                    + ") stopped renewing its training lease" + lastRenewal
                    + ": it was stopped or lost; the active model is unchanged");
            records.write(failed);
            if (claim.isPresent()) {
                lease.removeLapsed(claim.get());
            }
            log.warn("training job {} failed: {}", job.id(), failed.reason());
            return failed;
        });
    }

    /** Writes the job's record and renews its lease, then comes back after {@link #heartbeat} until it ended. */
    private void beat(TrainingJob job) {
        if (!sync(job) && !heartbeats.isShutdown()) {
            heartbeats.schedule(() -> beat(job), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Brings the job's record up to date: renews the lease while it runs (stopping the job if the
     * lease is gone), picks up a cancellation asked of another replica, and once it has ended
     * writes its final state and releases the lease. A store that cannot be reached is retried at
     * the next heartbeat; the job trains on meanwhile.
     *
     * @return whether the job's final state is in the store
     */
    private boolean sync(TrainingJob job) {
        // Not the job's own monitor: the training thread takes that at every batch, and a slow store
        // must not stall training.
        synchronized (syncLock) {
            if (recorded.contains(job.id())) {
                return true;
            }
            try {
                JobSnapshot snapshot = job.snapshot();
                if (!snapshot.state().isFinal()) {
                    if (!lease.renew(job.id())) {
                        job.loseLease("its training lease lapsed (the store was out of reach for longer than "
                                + lease.duration().toSeconds() + " s) and another replica may have taken over;"
                                + " the active model is unchanged");
                        log.error("training job {}: lease lost; stopping it", job.id());
                    } else if (records.cancelRequested(job.id()) && job.requestCancel()) {
                        log.info("training job {}: cancellation requested through another replica", job.id());
                    }
                    snapshot = job.snapshot();
                }
                records.write(snapshot);
                if (snapshot.state().isFinal()) {
                    lease.release(job.id());
                    recorded.add(job.id());
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                log.warn("training job {}: cannot update its record in the store ({}); retrying in {} ms",
                        job.id(), e.getMessage(), heartbeat.toMillis());
            }
            return false;
        }
    }

    private void forgetOldJobs() {
        var iterator = jobs.values().iterator();
        while (jobs.size() > HISTORY && iterator.hasNext()) {
            TrainingJob job = iterator.next();
            if (job.state().isFinal() && recorded.contains(job.id())) {
                iterator.remove();
                recorded.remove(job.id());
            }
        }
        try {
            records.prune(HISTORY);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot remove old job records from the store ({}); trying again at the next job", e.getMessage());
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
            WarmStart warmStart = order.startedFrom() == null ? null
                    : new WarmStart(registry.artifact(order.startedFrom()));
            List<Tagger> teachers = new ArrayList<>();
            if (plan.training().distills()) {
                for (String teacher : plan.training().teachers()) {
                    teachers.add(registry.artifact(teacher).tagger(embeddings));
                }
            }
            TrainingResult result = trainer.train(plan.model(), plan.training(), order.trainSet(), order.validSet(),
                    Map.of("job", job.id(), "trainSource", order.trainSource(), "validSource", order.validSource()),
                    warmStart, teachers);
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
                if (!lease.holds(job.id())) {
                    job.loseLease("its training lease lapsed before promotion, so another replica may have taken"
                            + " over; the model is stored as " + candidate.manifest().version()
                            + " but not activated");
                    throw new CancellationException("lease lost");
                }
                registry.activate(candidate);
                job.finish(JobState.SUCCEEDED, null);
            } else {
                job.finish(JobState.REJECTED, decision.explanation());
            }
            log.info("training job {}: {}", job.id(), decision.explanation());
        } catch (CancellationException e) {
            if (job.leaseLost() != null) {
                job.finish(JobState.FAILED, job.leaseLost());
                log.error("training job {} failed: {}", job.id(), job.leaseLost());
            } else {
                job.finish(JobState.CANCELLED, "cancelled: " + e.getMessage());
                log.info("training job {} cancelled", job.id());
            }
        } catch (Exception | OutOfMemoryError e) {
            job.finish(JobState.FAILED, describe(e));
            log.error("training job {} failed", job.id(), e);
        } finally {
            // The job's end goes to the store and the lease is released first: the next job may start.
            sync(job);
            // The training thread lives on between jobs: without this its workspaces, the heap it
            // grew and the C heap's freed pages would stay resident while the service only tags.
            NativeMemory.releaseAfterTraining();
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

    /**
     * Stops accepting work and cancels what is running, waiting a little for the job to stop so
     * its record says cancelled and its lease is released rather than left to lapse.
     */
    @Override
    public void close() {
        List<TrainingJob> mine;
        synchronized (this) {
            mine = List.copyOf(jobs.values());
        }
        mine.forEach(TrainingJob::requestCancel);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.shutdownNow();
        mine.forEach(this::sync);
    }

    /** Runs a call to the store; any failure to reach it or to be understood by it is the store's being unavailable. */
    private <T> T withStore(StoreCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private ModelStoreUnavailableException unavailable(Exception e) {
        return e instanceof ModelStoreUnavailableException unavailable ? unavailable
                : new ModelStoreUnavailableException(registry.storeDescription(), e);
    }

    private void releaseQuietly(String job) {
        try {
            lease.release(job);
        } catch (IOException | RuntimeException e) {
            log.warn("training job {}: cannot release its lease ({}); it lapses in {} s", job, e.getMessage(),
                    lease.duration().toSeconds());
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A request to the store. */
    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws IOException;
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
