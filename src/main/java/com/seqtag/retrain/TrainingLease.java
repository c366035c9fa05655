package com.seqtag.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.seqtag.retrain.TrainingJobs.JobConflictException;
import com.seqtag.store.SharedRecords;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One training job at a time across every replica sharing the store. A claim is the record
 * {@code leases/<job>.json} naming the job, its replica and when the claim expires; the replica
 * renews it while the job runs, so the claim of a replica that died expires after one lease
 * duration and the next retrain can start.
 *
 * <p>To claim, a replica writes its own claim and then lists the claims: if another one is still
 * live it withdraws its own and gives way. Only read-after-write and listing consistency are
 * needed, no conditional write (S3Proxy ignores those): of two racing claimants, the one that
 * wrote second lists after the first claim was written, so it sees it and gives way. When both
 * write before either lists, both give way and both requests get 409; a retry succeeds.
 * Expiry compares the claim's time with this replica's clock, so replicas' clocks must agree to
 * well within a lease duration (NTP does).
 */
final class TrainingLease {

    /** The folder of claims in the shared records. */
    static final String FOLDER = "leases";

    private final SharedRecords records;
    private final ObjectMapper json;
    private final String replica;
    private final Duration duration;
    private final Clock clock;

    /**
     * A claim on the lease.
     *
     * @param job       the job it is for
     * @param replica   the replica running the job
     * @param expiresAt when it lapses unless renewed
     */
    record Claim(String job, String replica, Instant expiresAt) {
    }

    /** Whether a job has ended, by its record. */
    @FunctionalInterface
    interface EndedJobs {

        /** No job has ended: every live claim holds. */
        EndedJobs NONE = job -> false;

        boolean hasEnded(String job) throws IOException;
    }

    TrainingLease(SharedRecords records, ObjectMapper json, String replica, Duration duration, Clock clock) {
        this.records = records;
        this.json = json;
        this.replica = replica;
        this.duration = duration;
        this.clock = clock;
    }

    Duration duration() {
        return duration;
    }

    /**
     * Claims the lease for {@code job}. A live claim whose job has already ended (its replica writes
     * the job's end before it removes the claim) is over: it is removed and blocks nobody.
     *
     * @param ended tells whether another claim's job has ended; asked only about live claims
     * @return the claims that had expired, now removed: their jobs died with their replicas
     * @throws JobConflictException when another job holds a live claim
     */
    List<Claim> acquire(String job, EndedJobs ended) throws IOException {
        List<Claim> expired = new ArrayList<>();
        List<Claim> over = new ArrayList<>();
        Optional<Claim> holder = liveClaimOtherThan(job, ended, expired, over);
        if (holder.isPresent()) {
            throw new JobConflictException(holder.get().job());
        }
        write(job);
        holder = liveClaimOtherThan(job, ended, new ArrayList<>(), new ArrayList<>());
        if (holder.isPresent()) {
            records.delete(name(job));
            throw new JobConflictException(holder.get().job());
        }
        for (Claim claim : expired) {
            records.delete(name(claim.job()));
        }
        for (Claim claim : over) {
            records.delete(name(claim.job()));
        }
        return expired;
    }

    /** Extends the claim of {@code job}; false when it is gone (it lapsed and was removed): the job must stop. */
    boolean renew(String job) throws IOException {
        if (claim(job).isEmpty()) {
            return false;
        }
        write(job);
        return true;
    }

    /** Whether {@code job} still holds the lease. */
    boolean holds(String job) throws IOException {
        return claim(job).isPresent();
    }

    /** Gives the lease up. */
    void release(String job) throws IOException {
        records.delete(name(job));
    }

    /** The claim of {@code job}, if there is one. */
    Optional<Claim> claim(String job) throws IOException {
        Optional<byte[]> content = records.read(name(job));
        if (content.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(content.get(), Claim.class));
        } catch (IOException e) {
            // A claim nobody can read blocks nobody: treat it as lapsed.
            return Optional.of(new Claim(job, "unknown", Instant.EPOCH));
        }
    }

    /** Whether {@code claim} has not lapsed yet. */
    boolean isLive(Claim claim) {
        return claim.expiresAt().isAfter(clock.instant());
    }

    /** Removes a lapsed claim, once its job has been marked failed. */
    void removeLapsed(Claim claim) throws IOException {
        records.delete(name(claim.job()));
    }

    private Optional<Claim> liveClaimOtherThan(String job, EndedJobs ended, List<Claim> expired, List<Claim> over)
            throws IOException {
        Claim live = null;
        for (String name : records.list(FOLDER)) {
            String other = name.substring(FOLDER.length() + 1).replaceFirst("\\.json$", "");
            if (other.equals(job)) {
                continue;
            }
            Optional<Claim> claim = claim(other);
            if (claim.isEmpty()) {
                continue;
            }
            if (!isLive(claim.get())) {
                expired.add(claim.get());
            } else if (ended.hasEnded(other)) {
                over.add(claim.get());
            } else {
                live = claim.get();
            }
        }
        return Optional.ofNullable(live);
    }

    private void write(String job) throws IOException {
        records.write(name(job), json.writeValueAsBytes(new Claim(job, replica, clock.instant().plus(duration))));
    }

    private static String name(String job) {
        return FOLDER + "/" + job + ".json";
    }
}
