package com.seqtag.config;

import com.seqtag.inference.InferenceQueue;
import com.seqtag.model.lean.PrecisionSetting;
import com.seqtag.store.S3Settings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the SeqTag service, under the {@code seqtag.} prefix.
 *
 * @param modelDir     where trained models are stored and looked up; when it is unset or holds no
 *                     model, the model bundled in the jar is served
 * @param maxTextChars longest text {@code POST /tag} accepts, in UTF-16 code units (413 beyond);
 *                     also the limit for each document of a batch
 * @param admin        settings of the admin endpoints
 * @param inference    settings of the forward pass
 * @param training     settings of retraining through the admin API
 * @param batch        limits of {@code POST /tag/batch} and of input lists on {@code /hf/token-classification}
 * @param store        where model versions and the active pointer are kept, and how often to read it
 */
@Validated
@ConfigurationProperties(prefix = "seqtag")
public record SeqtagProperties(
        Path modelDir,
        @DefaultValue("100000") @Min(1) @Max(10_000_000) int maxTextChars,
        @DefaultValue @Valid @NotNull Admin admin,
        @DefaultValue @Valid @NotNull Inference inference,
        @DefaultValue @Valid @NotNull Training training,
        @DefaultValue @Valid @NotNull Batch batch,
        @DefaultValue @Valid @NotNull Store store) {

    /**
     * Admin endpoint settings.
     *
     * @param token bearer token the admin endpoints require; when unset they are disabled (404)
     */
    public record Admin(String token) {

        /** Whether admin endpoints are enabled. */
        public boolean enabled() {
            return token != null && !token.isBlank();
        }

        @Override
        public String toString() {
            // Never let the token reach logs through configuration dumps.
            return "Admin[token=" + (enabled() ? "****" : "unset") + "]";
        }
    }

    /**
     * Retraining settings ({@code POST /admin/retrain}).
     *
     * @param trainFile     server-side CoNLL corpus a retrain uses when the request brings no
     *                      {@code trainConll} (and adds uploads to with {@code addToBase})
     * @param validFile     server-side CoNLL validation set used when the request brings no
     *                      {@code validConll}
     * @param plan          a training plan file (JSON or YAML, flat keys) that request overrides
     *                      apply to; unset: the bundled model's recipe
     * @param maxUpload     largest CoNLL upload (each of {@code trainConll} and {@code validConll})
     * @param gateTolerance F1 points a new model may trail the active one by and still be promoted
     * @param threads       native threads a training job uses; the rest of the cores keep tagging
     * @param leaseDuration how long the training lease lasts unless renewed (every third of it, at
     *                      most every 2 s): one job at a time across replicas sharing the store,
     *                      and a job whose replica died is declared failed this long after it died
     */
    public record Training(
            Path trainFile,
            Path validFile,
            Path plan,
            @DefaultValue("20MB") @NotNull DataSize maxUpload,
            @DefaultValue("0.5") @Min(0) @Max(100) double gateTolerance,
            @DefaultValue("1") @Min(1) @Max(64) int threads,
            @DefaultValue("30s") @NotNull Duration leaseDuration) {

        /** Refuses a lease too short to renew reliably. */
        public Training {
            if (leaseDuration != null && leaseDuration.compareTo(Duration.ofSeconds(3)) < 0) {
                throw new IllegalArgumentException("seqtag.training.lease-duration must be at least 3s, not "
                        + leaseDuration.toMillis() + " ms");
            }
        }
    }

    /**
     * Forward-pass settings, including the queue that batches sentences across concurrent requests.
     *
     * @param threads           native (ND4J/OpenMP) threads per forward pass
     * @param maxSentenceTokens sentences longer than this are tagged in consecutive chunks
     * @param queueCapacity     most sentences waiting for the tagger at once; beyond it requests get
     *                          503 with {@code Retry-After} instead of waiting ever longer
     * @param maxBatchSentences most sentences gathered from concurrent requests into one forward pass
     * @param maxWait           how long a request waits for others to share its forward pass; a few
     *                          milliseconds buys large batches under load and costs little when idle
     * @param maxQueueTime      longest a request waits for its answer before it gets 503
     * @param workers           threads running forward passes; each takes whole batches
     * @param retryAfter        the delay suggested in {@code Retry-After} when the queue is full
     * @param precision         number format of the lean path's matrix products: {@code auto} (of
     *                          those the CPU runs natively and that pass the load-time check against
     *                          fp32, the fastest on a probe text), {@code fp32}, {@code bf16} or {@code int8}
     */
    public record Inference(
            @DefaultValue("1") @Min(1) @Max(64) int threads,
            @DefaultValue("256") @Min(8) @Max(4096) int maxSentenceTokens,
            @DefaultValue("4096") @Min(1) @Max(10_000_000) int queueCapacity,
            @DefaultValue("128") @Min(1) @Max(4096) int maxBatchSentences,
            @DefaultValue("2ms") @NotNull Duration maxWait,
            @DefaultValue("30s") @NotNull Duration maxQueueTime,
            @DefaultValue("1") @Min(1) @Max(64) int workers,
            @DefaultValue("1s") @NotNull Duration retryAfter,
            @DefaultValue("auto") @NotNull PrecisionSetting precision) {

        /** The queue settings these properties describe. */
        public InferenceQueue.Settings queueSettings() {
            return new InferenceQueue.Settings(queueCapacity, maxBatchSentences, maxWait, maxQueueTime, workers,
                    (int) Math.max(1, retryAfter.toSeconds()));
        }
    }

    /**
     * Limits of one request carrying several documents ({@code POST /tag/batch}, or a list of
     * inputs on {@code POST /hf/token-classification}); beyond either, the whole request gets 413.
     *
     * @param maxDocuments  most documents one request may carry
     * @param maxTotalChars most characters all its documents may hold together, in UTF-16 code units
     *                      (pre-tokenized documents count their tokens joined by single spaces)
     */
    public record Batch(
            @DefaultValue("100") @Min(1) @Max(100_000) int maxDocuments,
            @DefaultValue("200000") @Min(1) @Max(100_000_000) int maxTotalChars) {
    }

    /**
     * The model store: where versions, the active pointer and its history live, shared by every
     * replica that should serve the same model.
     *
     * @param type         {@code filesystem} (versions in {@code seqtag.model-dir}, which several
     *                     replicas may share, e.g. an NFS or ReadWriteMany volume) or {@code s3}
     *                     (S3-compatible object storage; {@code seqtag.model-dir} is then the local cache)
     * @param pollInterval how often each replica reads the active pointer and follows it
     * @param retryDelay   the wait between start-up attempts while the store cannot be reached
     * @param s3           the bucket, for {@code type: s3}
     */
    public record Store(
            @DefaultValue("filesystem") @NotNull StoreType type,
            @DefaultValue("5s") @NotNull Duration pollInterval,
            @DefaultValue("2s") @NotNull Duration retryDelay,
            @DefaultValue @Valid @NotNull S3 s3) {
    }

    /** The kinds of model store. */
    public enum StoreType { FILESYSTEM, S3 }

    /**
     * An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, GCS interoperability). Credentials come from
     * the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles,
     * instance roles), never from here, and are never logged.
     *
     * @param bucket       the bucket (must exist)
     * @param prefix       the key prefix every object of this service lives under
     * @param endpoint     the server's URL; empty for AWS itself
     * @param region       the region (AWS), or any name a self-hosted server accepts
     * @param pathStyle    whether to address the bucket in the path ({@code http://host/bucket/key}),
     *                     as most self-hosted servers need, rather than as a host name
     * @param checksumMode when the SDK computes and checks its own transfer checksums:
     *                     {@code when-required} (works with S3Proxy, MinIO and AWS) or
     *                     {@code when-supported}; model integrity is checked against the manifest either way
     */
    public record S3(
            String bucket,
            @DefaultValue("seqtag/") @NotNull String prefix,
            String endpoint,
            String region,
            @DefaultValue("false") boolean pathStyle,
            @DefaultValue("when-required") @NotNull S3Settings.ChecksumMode checksumMode) {

        /** The store's settings, validated there (a message names the key at fault). */
        public S3Settings settings() {
            return S3Settings.of(bucket, prefix, endpoint, region, pathStyle, checksumMode.name());
        }
    }
}
