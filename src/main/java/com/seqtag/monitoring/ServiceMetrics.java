package com.seqtag.monitoring;

import com.seqtag.inference.InferenceQueue;
import com.seqtag.inference.TaggingListener;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.retrain.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * SeqTag's own meters. HTTP request counts and latencies come from Spring's
 * {@code http.server.requests}; this class adds what only the service knows. It listens to the
 * {@link com.seqtag.inference.DocumentTagger} and the {@link ModelRegistry}, and offers one-line
 * hooks for components that expose a number to be sampled ({@link #gaugeQueueDepth},
 * {@link #gaugeTrainingJobs}).
 */
public final class ServiceMetrics
        implements TaggingListener, InferenceQueue.BatchListener, ModelRegistry.ActivationListener {

    /** Counter: documents answered (each document of a batch counts, empty ones too). */
    public static final String DOCUMENTS_TAGGED = "seqtag.documents.tagged";
    /** Counter: sentences sent to the model (a long sentence cut into chunks counts once per chunk). */
    public static final String SENTENCES_TAGGED = "seqtag.sentences.tagged";
    /** Counter: tokens labelled. */
    public static final String TOKENS_TAGGED = "seqtag.tokens.tagged";
    /** Distribution summary: sentences per forward pass. */
    public static final String BATCH_SENTENCES = "seqtag.inference.batch.sentences";
    /** Distribution summary: real (unpadded) tokens per forward pass. */
    public static final String BATCH_TOKENS = "seqtag.inference.batch.tokens";
    /** Distribution summary: requests whose sentences shared one batch of the inference queue. */
    public static final String BATCH_REQUESTS = "seqtag.inference.batch.requests";
    /** Gauge: sentences waiting in the cross-request inference queue. */
    public static final String QUEUE_DEPTH = "seqtag.inference.queue.depth";
    /**
     * Gauge: 1 for the model version serving now (tags {@code version} and {@code precision}, the
     * number format of its products); other versions have no series.
     */
    public static final String MODEL_ACTIVE = "seqtag.model.active";
    /** Gauge: training jobs the service remembers, by {@code state}. */
    public static final String TRAINING_JOBS = "seqtag.training.jobs";
    /** Gauge: 1 while the model store answered this replica's last call, 0 while it cannot be reached. */
    public static final String STORE_UP = "seqtag.store.up";
    /** Function counter: requests this replica made to an S3 model store. */
    public static final String STORE_REQUESTS = "seqtag.store.requests";

    private final MeterRegistry registry;
    private final Counter documents;
    private final Counter sentences;
    private final Counter tokens;
    private final DistributionSummary batchSentences;
    private final DistributionSummary batchTokens;
    private final DistributionSummary batchRequests;
    private final MultiGauge activeModel;
    /**
     * Suppliers behind function counters. Micrometer holds those weakly and, once the garbage
     * collector clears a method reference nothing else holds, keeps reporting its last value.
     */
    private final List<Object> sampled = new CopyOnWriteArrayList<>();

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.documents = Counter.builder(DOCUMENTS_TAGGED).description("Documents tagged").register(registry);
        this.sentences = Counter.builder(SENTENCES_TAGGED).description("Sentences (or chunks of long ones) tagged")
                .register(registry);
        this.tokens = Counter.builder(TOKENS_TAGGED).description("Tokens tagged").register(registry);
        // Fixed buckets rather than Micrometer's default histogram: a pass holds 1 to 64 sentences
        // (Tagger's batch limit), and a few powers of two show how full passes are at a fraction of the series.
        this.batchSentences = summary(BATCH_SENTENCES, "Sentences per forward pass", 1, 2, 4, 8, 16, 32, 64);
        this.batchTokens = summary(BATCH_TOKENS, "Tokens per forward pass (without padding)",
                16, 64, 256, 1024, 4096, 16384);
        this.batchRequests = summary(BATCH_REQUESTS, "Requests whose sentences shared one batch of the inference queue",
                1, 2, 4, 8, 16, 32, 64);
        this.activeModel = MultiGauge.builder(MODEL_ACTIVE)
                .description("1 for the model version serving requests")
                .register(registry);
    }

    /**
     * Publishes the inference queue's depth as {@value #QUEUE_DEPTH}, sampled at every scrape. Meant
     * for one line where the queue is created, e.g. {@code metrics.gaugeQueueDepth(queue::depth)};
     * {@code depth} must be cheap and thread-safe. Call it once.
     *
     * @throws IllegalStateException when a depth is already published (a second one would be ignored silently)
     */
    public void gaugeQueueDepth(IntSupplier depth) {
        if (registry.find(QUEUE_DEPTH).gauge() != null) {
            throw new IllegalStateException(QUEUE_DEPTH + " is already registered");
        }
        // Strong reference: a method reference such as queue::depth is held by nothing else and
        // would otherwise be collected, leaving the gauge at NaN.
        Gauge.builder(QUEUE_DEPTH, depth, IntSupplier::getAsInt)
                .description("Sentences waiting in the inference queue")
                .strongReference(true)
                .register(registry);
    }

    /** Publishes {@value #TRAINING_JOBS} for every state, each sampled from {@code jobsInState} at every scrape. */
    public void gaugeTrainingJobs(ToIntFunction<JobState> jobsInState) {
        for (JobState state : JobState.values()) {
            Gauge.builder(TRAINING_JOBS, () -> jobsInState.applyAsInt(state))
                    .description("Training jobs the service remembers, by state")
                    .tag("state", state.json())
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Publishes {@value #STORE_REQUESTS}, read from {@code requests} at every scrape. */
    public void countStoreRequests(LongSupplier requests) {
        sampled.add(requests);
        FunctionCounter.builder(STORE_REQUESTS, requests, LongSupplier::getAsLong)
                .description("Requests this replica made to the model store (polls of an unchanged pointer included)")
                .register(registry);
    }

    /** Publishes {@value #STORE_UP}, sampled from {@code reachable} at every scrape. */
    public void gaugeStoreUp(BooleanSupplier reachable) {
        Gauge.builder(STORE_UP, () -> reachable.getAsBoolean() ? 1 : 0)
                .description("1 while the model store answers this replica, 0 while it cannot be reached")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void forwardPass(int sentenceCount, int tokenCount) {
        batchSentences.record(sentenceCount);
        batchTokens.record(tokenCount);
    }

    @Override
    public void onBatch(int requestCount, int sentenceCount, int tokenCount) {
        batchRequests.record(requestCount);
    }

    @Override
    public void tagged(int documentCount, int sentenceCount, int tokenCount) {
        documents.increment(documentCount);
        sentences.increment(sentenceCount);
        tokens.increment(tokenCount);
    }

    @Override
    public void activated(String version, String precision) {
        // Overwrites the rows: the previous version's series disappears.
        activeModel.register(List.of(MultiGauge.Row.of(Tags.of("version", version, "precision", precision), 1)), true);
    }

    private DistributionSummary summary(String name, String description, double... buckets) {
        return DistributionSummary.builder(name).description(description).serviceLevelObjectives(buckets)
                .register(registry);
    }
}
