package com.seqtag.config;

import com.seqtag.model.EmbeddingStore;
import com.seqtag.monitoring.ServiceMetrics;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.retrain.RetrainOrders;
import com.seqtag.retrain.TrainingJobs;
import com.seqtag.store.ModelStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires retraining: the job runner and request validation. The HTTP side (the admin token check,
 * upload limits) is wired in {@code api.edge}.
 */
@Configuration(proxyBeanMethods = false)
public class AdminConfiguration {

    private final SeqtagProperties properties;

    public AdminConfiguration(SeqtagProperties properties) {
        this.properties = properties;
    }

    @Bean(destroyMethod = "close")
    TrainingJobs trainingJobs(ModelRegistry registry, ModelStore store, EmbeddingStore embeddingStore,
                              ServiceMetrics metrics) {
        SeqtagProperties.Training training = properties.training();
        TrainingJobs jobs = new TrainingJobs(registry, embeddingStore, training.gateTolerance(), training.threads(),
                Clock.systemUTC(), new TrainingJobs.Cluster(store.records(), TrainingJobs.Cluster.thisReplica(),
                        training.leaseDuration()));
        metrics.gaugeTrainingJobs(jobs::count);
        return jobs;
    }

    @Bean
    RetrainOrders retrainOrders(ModelRegistry registry) {
        SeqtagProperties.Training training = properties.training();
        return new RetrainOrders(training.trainFile(), training.validFile(), training.plan(), registry);
    }
}
