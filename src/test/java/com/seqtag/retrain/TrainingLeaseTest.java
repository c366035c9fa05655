package com.seqtag.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.retrain.TrainingJobs.JobConflictException;
import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.SharedRecords;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster-wide training lease over a shared directory, as two replicas with their own clocks see it. */
class TrainingLeaseTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private static final Duration DURATION = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private SharedRecords records;
    private TrainingLease first;
    private TrainingLease second;

    @BeforeEach
    void twoReplicasOnOneDirectory() {
        records = new FileSystemModelStore(directory).records();
        first = lease("1@first", NOW);
        second = lease("2@second", NOW);
    }

    @Test
    void whileOneJobHoldsTheLeaseAnotherIsRefusedWithItsIdAndLeavesNoClaim() throws IOException {
        assertThat(first.acquire("job-a", TrainingLease.EndedJobs.NONE)).isEmpty();

        assertThatThrownBy(() -> second.acquire("job-b", TrainingLease.EndedJobs.NONE))
                .isInstanceOfSatisfying(JobConflictException.class,
                        conflict -> assertThat(conflict.runningJobId()).isEqualTo("job-a"));
        assertThat(records.list(TrainingLease.FOLDER)).containsExactly("leases/job-a.json");
        assertThat(second.holds("job-a")).as("any replica sees the holder").isTrue();

        first.release("job-a");
        assertThat(second.acquire("job-b", TrainingLease.EndedJobs.NONE)).isEmpty();
        assertThat(second.claim("job-b")).hasValueSatisfying(claim -> {
            assertThat(claim.replica()).isEqualTo("2@second");
            assertThat(claim.expiresAt()).isEqualTo(NOW.plus(DURATION));
        });
    }

    @Test
    void aLiveClaimWhoseJobHasEndedIsRemovedAndRefusesNobody() throws IOException {
        // The first replica wrote job-a's end and has not removed its claim yet.
        first.acquire("job-a", TrainingLease.EndedJobs.NONE);

        assertThat(second.acquire("job-b", job -> job.equals("job-a")))
                .as("an ended job is not a lapsed one: nothing to mark failed").isEmpty();
        assertThat(records.list(TrainingLease.FOLDER)).containsExactly("leases/job-b.json");
        assertThatThrownBy(() -> first.acquire("job-c", job -> job.equals("job-a")))
                .as("a live claim whose job runs still refuses")
                .isInstanceOfSatisfying(JobConflictException.class,
                        conflict -> assertThat(conflict.runningJobId()).isEqualTo("job-b"));
    }

    @Test
    void aClaimantThatListsAfterAnotherWroteGivesWayEvenIfItsOwnClockIsEarlier() throws IOException {
        // The second replica wrote its claim and has not listed yet; the first, whose clock is behind,
        // claims now. Its listing sees the second claim, so it gives way: no clock decides who wins.
        records.write("leases/job-b.json", JobRecords.mapper().writeValueAsBytes(
                new TrainingLease.Claim("job-b", "2@second", NOW.plus(DURATION))));
        TrainingLease behind = lease("1@first", NOW.minusSeconds(5));

        assertThatThrownBy(() -> behind.acquire("job-a", TrainingLease.EndedJobs.NONE)).isInstanceOf(JobConflictException.class);
        assertThat(records.list(TrainingLease.FOLDER)).containsExactly("leases/job-b.json");
    }

    @Test
    void aClaimNotRenewedForALeaseDurationLapsesAndIsHandedToTheNextClaimant() throws IOException {
        first.acquire("job-a", TrainingLease.EndedJobs.NONE);
        TrainingLease later = lease("2@second", NOW.plus(DURATION).plusMillis(1));

        assertThat(later.acquire("job-b", TrainingLease.EndedJobs.NONE)).singleElement()
                .satisfies(lapsed -> assertThat(lapsed.job()).isEqualTo("job-a"));
        assertThat(records.list(TrainingLease.FOLDER)).containsExactly("leases/job-b.json");
        assertThat(first.renew("job-a")).as("the first replica learns it lost the lease").isFalse();
        assertThat(first.holds("job-a")).isFalse();
    }

    @Test
    void renewingPushesTheExpiryOnSoTheHolderKeepsIt() throws IOException {
        first.acquire("job-a", TrainingLease.EndedJobs.NONE);
        TrainingLease firstLater = lease("1@first", NOW.plusSeconds(20));
        assertThat(firstLater.renew("job-a")).isTrue();

        TrainingLease secondLater = lease("2@second", NOW.plusSeconds(40));
        assertThatThrownBy(() -> secondLater.acquire("job-b", TrainingLease.EndedJobs.NONE)).isInstanceOf(JobConflictException.class);
        assertThat(secondLater.claim("job-a")).hasValueSatisfying(claim -> assertThat(secondLater.isLive(claim)).isTrue());
    }

    @Test
    void anUnreadableClaimCountsAsLapsedSoItBlocksNobody() throws IOException {
        records.write("leases/job-x.json", "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(first.acquire("job-a", TrainingLease.EndedJobs.NONE)).singleElement()
                .satisfies(lapsed -> assertThat(lapsed.job()).isEqualTo("job-x"));
    }

    private TrainingLease lease(String replica, Instant now) {
        return new TrainingLease(records, JobRecords.mapper(), replica, DURATION, Clock.fixed(now, ZoneOffset.UTC));
    }
}
