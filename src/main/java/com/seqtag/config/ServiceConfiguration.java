package com.seqtag.config;

import com.seqtag.inference.DocumentTagger;
import com.seqtag.inference.InferenceQueue;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.monitoring.ServiceMetrics;
import com.seqtag.registry.ActiveModelFollower;
import com.seqtag.registry.ModelLoader;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.registry.StoreStatus;
import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.ModelStore;
import com.seqtag.store.S3ModelStore;
import com.seqtag.text.SentenceSplitter;
import com.seqtag.text.Tokenizer;
import java.time.Clock;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain tagging classes into the Spring context. */
@Configuration(proxyBeanMethods = false)
public class ServiceConfiguration {

    @Bean
    EmbeddingStore embeddingStore() {
        return EmbeddingStore.withBundled();
    }

    /**
     * Where versions are kept, by {@code seqtag.store.type}: the model directory (nothing, so only
     * the bundled model, when it is unset), or an S3 bucket with the model directory as its cache.
     */
    @Bean
    ModelStore modelStore(SeqtagProperties properties, ServiceMetrics metrics) {
        return switch (properties.store().type()) {
            case FILESYSTEM -> properties.modelDir() == null
                    ? ModelStore.none()
                    : new FileSystemModelStore(properties.modelDir());
            case S3 -> {
                if (properties.modelDir() == null) {
                    throw new IllegalStateException("seqtag.store.type=s3 needs seqtag.model-dir for its local cache");
                }
                S3ModelStore store = S3ModelStore.connect(properties.store().s3().settings(), properties.modelDir());
                metrics.countStoreRequests(store::requestCount);
                yield store;
            }
        };
    }

    @Bean
    ModelRegistry modelRegistry(ModelStore store, EmbeddingStore embeddingStore, ServiceMetrics metrics,
                                SeqtagProperties properties) {
        return new ModelRegistry(store, embeddingStore, metrics, properties.inference().precision());
    }

    @Bean
    InferenceQueue inferenceQueue(SeqtagProperties properties, ServiceMetrics metrics) {
        InferenceQueue queue = new InferenceQueue(properties.inference().queueSettings(), metrics);
        metrics.gaugeQueueDepth(queue::depth);
        return queue;
    }

    @Bean
    DocumentTagger documentTagger(ModelRegistry registry, SeqtagProperties properties, InferenceQueue queue,
                                  ServiceMetrics metrics) {
        return new DocumentTagger(registry, new Tokenizer(),
                new SentenceSplitter(properties.inference().maxSentenceTokens()), queue, metrics);
    }

    @Bean(initMethod = "start")
    ModelLoader modelLoader(ModelRegistry registry, SeqtagProperties properties) {
        return new ModelLoader(registry, properties.inference().threads(), properties.store().retryDelay());
    }

    /** Every replica follows the store's active pointer, so an activation anywhere is served everywhere. */
    @Bean(initMethod = "start", destroyMethod = "close")
    ActiveModelFollower activeModelFollower(ModelRegistry registry, SeqtagProperties properties,
                                            ServiceMetrics metrics) {
        ActiveModelFollower follower = new ActiveModelFollower(registry, properties.store().pollInterval(),
                Clock.systemUTC());
        metrics.gaugeStoreUp(() -> follower.status().reachable());
        return follower;
    }

    /**
     * The store's state as the follower last saw it. Not part of readiness: a replica without its
     * store keeps serving the model it has, and says so here and in {@code seqtag_store_up}.
     */
    @Bean
    HealthIndicator modelStoreHealthIndicator(ActiveModelFollower follower) {
        return () -> {
            StoreStatus status = follower.status();
            Health.Builder health = status.reachable() ? Health.up() : Health.down();
            health.withDetail("store", status.store());
            if (status.lastContact() != null) {
                health.withDetail("lastContact", status.lastContact().toString());
            }
            if (status.error() != null) {
                health.withDetail("error", status.error());
            }
            return health.build();
        };
    }

    /** Readiness stays DOWN until a model is loaded (see management.endpoint.health.group.readiness). */
    @Bean
    HealthIndicator modelHealthIndicator(ModelRegistry registry, ModelLoader loader) {
        return () -> {
            if (registry.isReady()) {
                return Health.up().withDetail("model", registry.active().version()).build();
            }
            Health.Builder health = Health.down();
            loader.failure().ifPresent(failure -> health.withDetail("error", failure));
            return health.withDetail("model", "loading").build();
        };
    }
}
