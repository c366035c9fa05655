package com.seqtag.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.support.TinyModels;
import com.seqtag.training.EpochResult;
import com.seqtag.training.TrainingPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One job's life and what its snapshots say, driven by hand with a clock the test moves. */
class TrainingJobTest {

    private static final Instant START = Instant.parse("2026-03-14T09:26:53Z");

    private final SettableClock clock = new SettableClock(START);
    private final RetrainOrder order = new RetrainOrder(new TrainingPlan(TinyModels.CONFIG, TinyModels.TRAINING),
            Map.of("epochs", 20), TinyModels.fixture("tiny-train.conll"), TinyModels.fixture("tiny-valid.conll"),
            "upload", "configured validation set valid.conll", true);

    @Test
    void aNewJobIsQueuedAndDescribesItsOrder() {
        TrainingJob job = new TrainingJob("job-1", order, clock, "1@test");
        clock.advance(Duration.ofSeconds(5));

        JobSnapshot snapshot = job.snapshot();

        assertThat(snapshot.id()).isEqualTo("job-1");
        assertThat(snapshot.state()).isEqualTo(JobState.QUEUED);
        assertThat(snapshot.createdAt()).isEqualTo(START);
        assertThat(snapshot.startedAt()).isNull();
        assertThat(snapshot.finishedAt()).isNull();
        assertThat(snapshot.overrides()).isEqualTo(Map.of("epochs", 20));
        assertThat(snapshot.trainSource()).isEqualTo("upload");
        assertThat(snapshot.validSource()).isEqualTo("configured validation set valid.conll");
        assertThat(snapshot.trainSentences()).isEqualTo(60);
        assertThat(snapshot.validSentences()).isEqualTo(20);
        assertThat(snapshot.entityTypes()).containsExactly("LOC", "MISC", "ORG", "PER");
        assertThat(snapshot.force()).isTrue();
        assertThat(snapshot.epochs()).isEmpty();
        assertThat(snapshot.modelVersion()).isNull();
        assertThat(snapshot.gate()).isNull();
        assertThat(snapshot.reason()).isNull();
        assertThat(snapshot.progress()).isEqualTo(new JobSnapshot.Progress(0, 20, 0, 0, 0.0, 0.0, null));
    }

    @Test
    void cancellingAQueuedJobEndsItAtOnceAndItNeverStarts() {
        TrainingJob job = new TrainingJob("job-1", order, clock, "1@test");
        clock.advance(Duration.ofSeconds(3));

        assertThat(job.requestCancel()).isTrue();

        JobSnapshot snapshot = job.snapshot();
        assertThat(snapshot.state()).isEqualTo(JobState.CANCELLED);
        assertThat(snapshot.reason()).isEqualTo("cancelled before it started");
        assertThat(snapshot.finishedAt()).isEqualTo(START.plusSeconds(3));
        assertThat(snapshot.progress().etaSeconds()).isZero();
        assertThat(job.start()).as("the training thread must not start it").isFalse();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.requestCancel()).as("already ended").isFalse();
    }

    @Test
    void cancellingARunningJobOnlyAsksTheTrainingToStop() {
        TrainingJob job = new TrainingJob("job-1", order, clock, "1@test");
        assertThat(job.start()).isTrue();
        assertThat(job.start()).as("a job starts once").isFalse();

        assertThat(job.cancelRequested()).isFalse();
        assertThat(job.requestCancel()).isTrue();

        assertThat(job.cancelRequested()).isTrue();
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        job.finish(JobState.CANCELLED, "cancelled: training cancelled in epoch 1");
        assertThat(job.snapshot().reason()).isEqualTo("cancelled: training cancelled in epoch 1");
        assertThat(job.requestCancel()).isFalse();
    }

    @Test
    void progressCountsBatchesAgainstTheEpochBudgetAndEstimatesTheRest() {
        TrainingJob job = new TrainingJob("job-1", order, clock, "1@test");
        clock.advance(Duration.ofSeconds(2));
        job.start();
        job.onStart(4, 10);
        clock.advance(Duration.ofSeconds(30));
        job.onBatch(2, 5, 1.25);

        JobSnapshot snapshot = job.snapshot();

        // One and a half epochs of four: 37.5 %, in 30 s, so 50 s to go.
        assertThat(snapshot.startedAt()).isEqualTo(START.plusSeconds(2));
        assertThat(snapshot.progress()).isEqualTo(new JobSnapshot.Progress(2, 4, 5, 10, 37.5, 30.0, 50.0));
    }

    @Test
    void aFinishedJobIsCompleteAndItsElapsedTimeStopsAtTheEnd() {
        TrainingJob job = new TrainingJob("job-1", order, clock, "1@test");
        job.start();
        job.onStart(4, 10);
        job.onBatch(1, 10, 0.5);
        job.onEpoch(epoch(1));
        job.onBatch(2, 3, 0.4);
        job.modelTrained("ner-test");
        GateDecision gate = GateDecision.decide(90, 80, "ner-active", 0.5, false, false);
        job.gateDecided(gate);
        clock.advance(Duration.ofSeconds(12));
        job.finish(JobState.SUCCEEDED, null);
        clock.advance(Duration.ofHours(1));
        job.finish(JobState.FAILED, "too late");

        JobSnapshot snapshot = job.snapshot();

        assertThat(snapshot.state()).as("the first final state stays").isEqualTo(JobState.SUCCEEDED);
        assertThat(snapshot.reason()).isNull();
        assertThat(snapshot.finishedAt()).isEqualTo(START.plusSeconds(12));
        assertThat(snapshot.progress().percent()).isEqualTo(100.0);
        assertThat(snapshot.progress().elapsedSeconds()).isEqualTo(12.0);
        assertThat(snapshot.progress().etaSeconds()).isZero();
        assertThat(snapshot.epochs()).containsExactly(epoch(1));
        assertThat(snapshot.modelVersion()).isEqualTo("ner-test");
        assertThat(snapshot.gate()).isEqualTo(gate);
    }

    @Test
    void snapshotsDoNotChangeWhenTheJobGoesOn() {
        TrainingJob job = new TrainingJob("job-1", order, clock, "1@test");
        job.start();
        job.onStart(4, 10);
        JobSnapshot early = job.snapshot();

        job.onEpoch(epoch(1));
        job.finish(JobState.FAILED, "out of memory error");

        assertThat(early.state()).isEqualTo(JobState.RUNNING);
        assertThat(early.epochs()).isEmpty();
        assertThat(job.snapshot().epochs()).hasSize(1);
        assertThat(job.snapshot().reason()).isEqualTo("out of memory error");
    }

    private static EpochResult epoch(int number) {
        return new EpochResult(number, 0.5, 80.0, 79.0, 81.0, 1.5, -1);
    }

    /** A clock that stands still until the test moves it. */
    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
