package com.seqtag.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.registry.LoadedModel;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.retrain.TrainingJobs.JobConflictException;
import com.seqtag.store.BundledModel;
import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelStore;
import com.seqtag.support.TinyModels;
import com.seqtag.training.TrainingConfig;
import com.seqtag.training.TrainingPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retraining jobs without Spring or HTTP: real tiny trainings on the invented fixtures, against a
 * registry over an empty model directory (so the bundled model is active), with a clock that stands still.
 */
class TrainingJobsTest {

    private static final Instant NOW = Instant.parse("2026-03-14T09:26:53Z");
    /** A gate tolerance no F1 can fall short of: every candidate is promoted. */
    private static final double ANY = 100;
    private static final List<LabeledSentence> TRAIN = TinyModels.fixture("tiny-train.conll");
    private static final List<LabeledSentence> VALID = TinyModels.fixture("tiny-valid.conll");
    private static final List<LabeledSentence> CUSTOM = TinyModels.fixture("custom-types.conll");

    /** Shared by the class so the bundled model's GloVe vectors are read once. */
    private static final EmbeddingStore EMBEDDINGS = EmbeddingStore.withBundled();
    /** The bundled model, loaded once for the class: it is what an empty model directory serves. */
    private static LoadedModel bundled;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path directory;

    private FileSystemModelStore store;
    private ModelRegistry registry;
    private String activeBefore;
    private TrainingJobs jobs;

    @BeforeAll
    static void loadTheBundledModel() throws IOException {
        ModelArtifact artifact = BundledModel.read();
        bundled = new LoadedModel(artifact.manifest(), artifact.tagger(EMBEDDINGS));
    }

    @BeforeEach
    void serveTheBundledModelOverAnEmptyModelDirectory() throws IOException {
        store = new FileSystemModelStore(directory);
        registry = new ModelRegistry(store, EMBEDDINGS);
        registry.activate(bundled);
        activeBefore = registry.active().version();
        assertThat(activeBefore).isEqualTo(registry.bundledManifest().version());
    }

    @AfterEach
    void closeJobs() {
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void aJobTrainsInTheBackgroundAndItsCandidateIsStoredAndPromoted() throws Exception {
        jobs = jobs(ANY);

        JobSnapshot accepted = jobs.submit(order(quick(2), TRAIN, VALID, false));

        assertThat(accepted.state()).isIn(JobState.QUEUED, JobState.RUNNING);
        assertThat(accepted.createdAt()).isEqualTo(NOW);
        assertThat(accepted.trainSentences()).isEqualTo(TRAIN.size());
        assertThat(accepted.validSentences()).isEqualTo(VALID.size());
        assertThat(accepted.entityTypes()).containsExactly("LOC", "MISC", "ORG", "PER");
        assertThat(accepted.overrides()).isEqualTo(Map.of("epochs", 2));
        assertThat(accepted.modelVersion()).isNull();

        JobSnapshot finished = awaitEnd(accepted.id());

        assertThat(finished.state()).as(String.valueOf(finished)).isEqualTo(JobState.SUCCEEDED);
        assertThat(finished.id()).isEqualTo(accepted.id());
        assertThat(finished.reason()).isNull();
        // Every timestamp is the fixed clock's, not the wall clock's.
        assertThat(finished.createdAt()).isEqualTo(NOW);
        assertThat(finished.startedAt()).isEqualTo(NOW);
        assertThat(finished.finishedAt()).isEqualTo(NOW);
        assertThat(finished.progress().elapsedSeconds()).isZero();
        assertThat(finished.progress().percent()).isEqualTo(100.0);
        assertThat(finished.progress().maxEpochs()).isEqualTo(2);
        assertThat(finished.progress().batchesPerEpoch()).isPositive();
        assertThat(finished.epochs()).hasSize(2);
        assertThat(finished.epochs().get(1).epoch()).isEqualTo(2);

        String candidate = finished.modelVersion();
        assertThat(candidate).isNotNull().isNotEqualTo(activeBefore);
        assertThat(finished.gate().promote()).isTrue();
        assertThat(finished.gate().forced()).isFalse();
        assertThat(finished.gate().activeVersion()).isEqualTo(activeBefore);
        assertThat(finished.gate().tolerance()).isEqualTo(ANY);
        assertThat(finished.gate().labelSetsDiffer()).isFalse();

        assertThat(registry.active().version()).isEqualTo(candidate);
        assertThat(store.activeVersion()).hasValue(candidate);
        assertThat(storedVersions()).containsExactly(candidate);
        assertThat(store.get(candidate).manifest().labels()).isEqualTo(registry.active().manifest().labels());
        assertThat(restartedActiveVersion()).isEqualTo(candidate);

        // Cancelling a job that has ended changes nothing.
        assertThat(jobs.cancel(accepted.id())).hasValueSatisfying(after ->
                assertThat(after.state()).isEqualTo(JobState.SUCCEEDED));
        assertThat(jobs.get(accepted.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aJobDistilsFromTheTeachersItsPlanNames() throws Exception {
        jobs = jobs(ANY);
        TrainingConfig quick = quick(2);
        TrainingConfig distilling = new TrainingConfig(quick.epochs(), quick.batchSize(), quick.learningRate(),
                quick.learningRateDecay(), quick.clipping(), quick.clippingThreshold(), quick.l2(), quick.patience(),
                quick.seed(), quick.weightAveraging(), 0, 0, null, 0, List.of(activeBefore), 0.5);

        JobSnapshot finished = awaitEnd(jobs.submit(order(distilling, TRAIN, VALID, false)).id());

        assertThat(finished.state()).as(String.valueOf(finished)).isEqualTo(JobState.SUCCEEDED);
        Map<String, Object> training = store.get(finished.modelVersion()).manifest().training();
        assertThat(training.get("config")).asString().contains(activeBefore);
    }

    @Test
    void aCandidateWorseThanTheActiveModelIsStoredButRejected() throws Exception {
        jobs = jobs(0);

        JobSnapshot finished = awaitEnd(jobs.submit(order(hopeless(), TRAIN, VALID, false)).id());

        assertThat(finished.state()).as(String.valueOf(finished)).isEqualTo(JobState.REJECTED);
        GateDecision gate = finished.gate();
        assertThat(gate.promote()).isFalse();
        assertThat(gate.candidateF1()).isLessThan(gate.activeF1());
        assertThat(gate.activeVersion()).isEqualTo(activeBefore);
        assertThat(finished.reason()).isEqualTo(gate.explanation()).startsWith("rejected: ").contains(activeBefore);
        assertThat(finished.finishedAt()).isEqualTo(NOW);
        assertThat(finished.progress().percent()).isEqualTo(100.0);

        // The candidate is kept, so it can be activated by hand, but the active model stays, also after a
        // restart: the bundled model is pinned as active before the (newer) candidate is stored.
        assertThat(storedVersions()).containsExactly(finished.modelVersion());
        assertThat(registry.active().version()).isEqualTo(activeBefore);
        assertThat(store.activeVersion()).hasValue(activeBefore);
        assertThat(restartedActiveVersion()).isEqualTo(activeBefore);
    }

    @Test
    void forcePromotesACandidateTheGateWouldReject() throws Exception {
        jobs = jobs(0);

        JobSnapshot finished = awaitEnd(jobs.submit(order(hopeless(), TRAIN, VALID, true)).id());

        assertThat(finished.state()).as(String.valueOf(finished)).isEqualTo(JobState.SUCCEEDED);
        assertThat(finished.force()).isTrue();
        assertThat(finished.gate().forced()).isTrue();
        assertThat(finished.gate().candidateF1()).isLessThan(finished.gate().activeF1());
        assertThat(finished.gate().explanation()).contains("force", "the gate would reject");
        assertThat(registry.active().version()).isEqualTo(finished.modelVersion());
        assertThat(store.activeVersion()).hasValue(finished.modelVersion());
    }

    @Test
    void aModelOfOtherEntityTypesIsComparedOnTheNewDataAndSaysSo() throws Exception {
        jobs = jobs(0);

        JobSnapshot finished = awaitEnd(jobs.submit(order(quick(1), CUSTOM, CUSTOM, false)).id());

        assertThat(finished.entityTypes()).containsExactly("EVENT", "PRODUCT");
        assertThat(finished.gate().labelSetsDiffer()).isTrue();
        assertThat(finished.gate().activeF1()).as("the active model cannot find EVENT or PRODUCT").isZero();
        assertThat(finished.gate().explanation()).contains("the label sets differ");
        // The candidate cannot score below an active F1 of 0, so even a zero tolerance promotes it.
        assertThat(finished.state()).as(String.valueOf(finished)).isEqualTo(JobState.SUCCEEDED);
        assertThat(registry.active().manifest().labels()).contains("B-EVENT", "I-PRODUCT").doesNotContain("B-PER");
    }

    @Test
    void oneJobAtATimeTheSecondSubmitNamesTheUnfinishedOne() throws Exception {
        jobs = jobs(ANY);
        JobSnapshot first = jobs.submit(order(endless(), TRAIN, VALID, false));

        assertThatThrownBy(() -> jobs.submit(order(quick(1), TRAIN, VALID, false)))
                .isInstanceOfSatisfying(JobConflictException.class, conflict ->
                        assertThat(conflict.runningJobId()).isEqualTo(first.id()))
                .hasMessageContaining(first.id())
                .hasMessageContaining("has not finished");
        awaitSnapshot(first.id(), this::training);
        assertThatThrownBy(() -> jobs.submit(order(quick(1), TRAIN, VALID, false)))
                .isInstanceOfSatisfying(JobConflictException.class, conflict ->
                        assertThat(conflict.runningJobId()).isEqualTo(first.id()));

        assertThat(jobs.list()).extracting(JobSnapshot::id).as("refused submits leave no job").containsExactly(first.id());
        assertThat(jobs.count(JobState.RUNNING)).isEqualTo(1);

        jobs.cancel(first.id());
        assertThat(awaitEnd(first.id()).state()).isEqualTo(JobState.CANCELLED);
        // Once it has ended, the next job is accepted.
        JobSnapshot next = jobs.submit(order(quick(1), TRAIN, VALID, false));
        assertThat(next.id()).isNotEqualTo(first.id());
        jobs.cancel(next.id());
        awaitEnd(next.id());
    }

    @Test
    void cancellingARunningJobEndsItAndLeavesTheActiveModelAlone() throws Exception {
        jobs = jobs(ANY);
        JobSnapshot accepted = jobs.submit(order(endless(), TRAIN, VALID, false));
        JobSnapshot training = awaitSnapshot(accepted.id(), this::training);
        assertThat(training.startedAt()).isEqualTo(NOW);
        assertThat(training.progress().maxEpochs()).isEqualTo(1000);

        assertThat(jobs.cancel(accepted.id())).hasValueSatisfying(answer -> {
            assertThat(answer.id()).isEqualTo(accepted.id());
            // A running job stops at its next minibatch, not at once.
            assertThat(answer.state()).isIn(JobState.RUNNING, JobState.CANCELLED);
        });
        JobSnapshot cancelled = awaitEnd(accepted.id());

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.reason()).startsWith("cancelled: ");
        assertThat(cancelled.finishedAt()).isEqualTo(NOW);
        assertThat(cancelled.modelVersion()).isNull();
        assertThat(cancelled.gate()).isNull();
        assertThat(registry.active().version()).isEqualTo(activeBefore);
        assertThat(store.activeVersion()).isEmpty();
        assertThat(storedVersions()).isEmpty();
    }

    @Test
    void cancellingRightAfterSubmitEndsTheJobWhetherQueuedOrRunning() throws Exception {
        jobs = jobs(ANY);
        JobSnapshot accepted = jobs.submit(order(quick(2), TRAIN, VALID, false));

        JobSnapshot answer = jobs.cancel(accepted.id()).orElseThrow();
        JobSnapshot cancelled = awaitEnd(accepted.id());

        assertThat(answer.state()).isIn(JobState.CANCELLED, JobState.RUNNING);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        if (cancelled.startedAt() == null) {
            // Still queued: it ended at once, and the training thread never started it.
            assertThat(answer.state()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.reason()).isEqualTo("cancelled before it started");
        } else {
            // Already running: it stopped at its next minibatch.
            assertThat(cancelled.reason()).startsWith("cancelled: ");
        }
        assertThat(cancelled.modelVersion()).isNull();
        assertThat(registry.active().version()).isEqualTo(activeBefore);
        assertThat(storedVersions()).isEmpty();
    }

    @Test
    void unknownJobsAreEmpty() {
        jobs = jobs(ANY);

        assertThat(jobs.get("no-such-job")).isEmpty();
        assertThat(jobs.cancel("no-such-job")).isEmpty();
        assertThat(jobs.list()).isEmpty();
        for (JobState state : JobState.values()) {
            assertThat(jobs.count(state)).isZero();
        }
    }

    @Test
    void theListIsNewestFirstAndTheCountsMatchIt() throws Exception {
        jobs = jobs(ANY);
        String first = jobs.submit(order(endless(), TRAIN, VALID, false)).id();
        jobs.cancel(first);
        awaitEnd(first);
        String second = jobs.submit(order(endless(), TRAIN, VALID, false)).id();
        jobs.cancel(second);
        awaitEnd(second);
        String third = jobs.submit(order(quick(1), TRAIN, VALID, false)).id();

        assertThat(jobs.count(JobState.CANCELLED)).isEqualTo(2);
        assertThat(jobs.count(JobState.QUEUED) + jobs.count(JobState.RUNNING)).isEqualTo(1);
        assertThat(awaitEnd(third).state()).isEqualTo(JobState.SUCCEEDED);

        List<JobSnapshot> listed = jobs.list();
        assertThat(listed).extracting(JobSnapshot::id).containsExactly(third, second, first);
        assertThat(listed).extracting(JobSnapshot::state)
                .containsExactly(JobState.SUCCEEDED, JobState.CANCELLED, JobState.CANCELLED);
        for (JobState state : JobState.values()) {
            assertThat(jobs.count(state)).as(state.name())
                    .isEqualTo((int) listed.stream().filter(job -> job.state() == state).count());
        }
        assertThat(jobs.count(JobState.SUCCEEDED)).isEqualTo(1);
        assertThat(jobs.count(JobState.RUNNING)).isZero();
    }

    @Test
    void closingCancelsTheRunningJob() throws Exception {
        jobs = jobs(ANY);
        String id = jobs.submit(order(endless(), TRAIN, VALID, false)).id();
        awaitSnapshot(id, this::training);

        jobs.close();

        JobSnapshot closed = awaitEnd(id);
        assertThat(closed.state()).isEqualTo(JobState.CANCELLED);
        assertThat(registry.active().version()).isEqualTo(activeBefore);
    }

    // --- across replicas sharing the store ---

    @Test
    void aJobAcceptedByOneReplicaIsShownRefusedAndCancelledThroughAnother() throws Exception {
        jobs = jobs(ANY);
        TrainingJobs other = replica("2@other");
        try {
            String id = jobs.submit(order(endless(), TRAIN, VALID, false)).id();
            awaitSnapshot(id, this::training);

            JobSnapshot seen = await(other, id, job -> job.state() == JobState.RUNNING && job.progress().batch() > 0);
            assertThat(seen.replica()).isEqualTo("1@test");
            assertThat(other.list()).extracting(JobSnapshot::id).containsExactly(id);
            assertThatThrownBy(() -> other.submit(order(quick(1), TRAIN, VALID, false)))
                    .isInstanceOfSatisfying(JobConflictException.class,
                            conflict -> assertThat(conflict.runningJobId()).isEqualTo(id));

            assertThat(other.cancel(id)).hasValueSatisfying(job -> assertThat(job.state()).isEqualTo(JobState.RUNNING));
            assertThat(awaitEnd(id).state()).as("the training replica picks up the cancellation")
                    .isEqualTo(JobState.CANCELLED);
            assertThat(await(other, id, job -> job.state().isFinal()).state()).isEqualTo(JobState.CANCELLED);

            // The lease is free again: the other replica trains, and this one lists its job first.
            String next = other.submit(order(quick(1), TRAIN, VALID, false)).id();
            assertThat(await(other, next, job -> job.state().isFinal()).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(jobs.list()).extracting(JobSnapshot::id).containsExactly(next, id);
            assertThat(await(jobs, next, job -> true).replica()).isEqualTo("2@other");
        } finally {
            other.close();
        }
    }

    @Test
    void aJobWhoseReplicaDiedFailsOnceItsLeaseLapsesAndTheNextJobRuns() throws Exception {
        String dead = abandonedJob("dead-job");
        jobs = jobs(ANY);

        JobSnapshot failed = jobs.get(dead).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.reason()).contains("99@gone").contains("lease").contains("active model is unchanged");
        assertThat(failed.finishedAt()).isEqualTo(NOW);
        assertThat(failed.progress().batch()).as("the rest is as its replica last wrote it").isZero();
        assertThat(store.records().list(TrainingLease.FOLDER)).as("the lapsed claim is removed").isEmpty();
        assertThat(replica("3@third").get(dead)).as("written back for every replica")
                .hasValueSatisfying(job -> assertThat(job.state()).isEqualTo(JobState.FAILED));

        String next = jobs.submit(order(quick(1), TRAIN, VALID, false)).id();
        assertThat(awaitEnd(next).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void claimingTheLeaseAlsoFailsTheJobOfADeadReplica() throws Exception {
        String dead = abandonedJob("dead-job");
        jobs = jobs(ANY);

        String next = jobs.submit(order(quick(1), TRAIN, VALID, false)).id();

        assertThat(new JobRecords(store.records(), JobRecords.mapper()).read(dead))
                .hasValueSatisfying(job -> assertThat(job.state()).isEqualTo(JobState.FAILED));
        awaitEnd(next);
    }

    @Test
    void aReplicaThatLostItsLeaseStopsTheJobAndPromotesNothing() throws Exception {
        jobs = jobs(ANY);
        String id = jobs.submit(order(endless(), TRAIN, VALID, false)).id();
        awaitSnapshot(id, this::training);

        // What another replica does when it finds the claim lapsed (e.g. the store was out of reach).
        store.records().delete("leases/" + id + ".json");

        JobSnapshot ended = awaitEnd(id);
        assertThat(ended.state()).isEqualTo(JobState.FAILED);
        assertThat(ended.reason()).contains("lease");
        assertThat(registry.active().version()).isEqualTo(activeBefore);
    }

    // --- helpers ---

    /**
     * Another replica: its own registry over the same directory, as a second process would have,
     * and a clock a second ahead (well within the lease), so its jobs are newer than this test's first replica's.
     */
    private TrainingJobs replica(String name) throws IOException {
        ModelRegistry itsRegistry = new ModelRegistry(new FileSystemModelStore(directory), EMBEDDINGS);
        itsRegistry.activate(bundled);
        return new TrainingJobs(itsRegistry, EMBEDDINGS, ANY, 1, Clock.offset(clock, Duration.ofSeconds(1)),
                new TrainingJobs.Cluster(new FileSystemModelStore(directory).records(), name, Duration.ofSeconds(30)));
    }

    /** A running job recorded by replica 99@gone, whose lease lapsed an hour ago. */
    private String abandonedJob(String id) throws IOException {
        Clock anHourAgo = Clock.fixed(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC);
        new TrainingLease(store.records(), JobRecords.mapper(), "99@gone", Duration.ofSeconds(30), anHourAgo)
                .acquire(id, TrainingLease.EndedJobs.NONE);
        TrainingJob job = new TrainingJob(id, order(endless(), TRAIN, VALID, false), anHourAgo, "99@gone");
        job.start();
        new JobRecords(store.records(), JobRecords.mapper()).write(job.snapshot());
        return id;
    }

    private static JobSnapshot await(TrainingJobs replica, String id, Predicate<JobSnapshot> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var job = replica.get(id);
            if (job.isPresent() && condition.test(job.get())) {
                return job.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " did not get there in time: " + job);
            }
            Thread.sleep(50);
        }
    }


    private TrainingJobs jobs(double gateTolerance) {
        return new TrainingJobs(registry, EMBEDDINGS, gateTolerance, 1, clock,
                new TrainingJobs.Cluster(store.records(), "1@test", Duration.ofSeconds(30)));
    }

    /** The tiny network, trained for {@code epochs} epochs on the tiny data. */
    private static TrainingConfig quick(int epochs) {
        return training(epochs, 0.02);
    }

    /** One epoch at a learning rate too small to learn anything: a candidate the gate rejects. */
    private static TrainingConfig hopeless() {
        return training(1, 0.000001);
    }

    /** An epoch budget no test waits for: the job runs until it is cancelled. */
    private static TrainingConfig endless() {
        return training(1000, 0.02);
    }

    /** The tiny recipe with batches of 10 (six per epoch), as no test here needs a good model. */
    private static TrainingConfig training(int epochs, double learningRate) {
        TrainingConfig tiny = TinyModels.TRAINING;
        return new TrainingConfig(epochs, 10, learningRate, tiny.learningRateDecay(), tiny.clipping(),
                tiny.clippingThreshold(), tiny.l2(), epochs, tiny.seed(), tiny.weightAveraging());
    }

    private static RetrainOrder order(TrainingConfig training, List<LabeledSentence> train,
                                      List<LabeledSentence> valid, boolean force) {
        return new RetrainOrder(new TrainingPlan(TinyModels.CONFIG, training), Map.of("epochs", training.epochs()),
                train, valid, "upload", "upload", force);
    }

    /** Running and past its first minibatch. */
    private boolean training(JobSnapshot job) {
        return job.state() == JobState.RUNNING && job.progress().batch() > 0;
    }

    private JobSnapshot awaitEnd(String id) throws InterruptedException {
        return awaitSnapshot(id, job -> job.state().isFinal());
    }

    /** Polls the job until it satisfies {@code condition}; the deadline is wall time (the job clock stands still). */
    private JobSnapshot awaitSnapshot(String id, Predicate<JobSnapshot> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobSnapshot job = jobs.get(id).orElseThrow();
        while (!condition.test(job)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " did not get there in time: " + job);
            }
            Thread.sleep(20);
            job = jobs.get(id).orElseThrow();
        }
        return job;
    }

    /** The version a freshly started service would serve from the model directory. */
    private String restartedActiveVersion() throws IOException {
        return new ModelRegistry(new FileSystemModelStore(directory), EMBEDDINGS).loadInitial().version();
    }

    private List<String> storedVersions() throws IOException {
        return store.list().stream().map(ModelStore.StoredVersion::version).toList();
    }
}
