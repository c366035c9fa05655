package com.seqtag.config;

import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.ModelRegistry;
import com.seqtag.monitoring.ServiceMetrics;
import com.seqtag.training.RetrainOrders;
import com.seqtag.training.TrainingJobs;
import jakarta.servlet.MultipartConfigElement;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Wires retraining: the job runner, request validation and upload limits. The admin token check
 * is registered by {@link AdminWebConfiguration}, which MVC test slices load on their own.
 */
@Configuration(proxyBeanMethods = false)
public class AdminConfiguration {

    private final SeqtagProperties properties;

    public AdminConfiguration(SeqtagProperties properties) {
        this.properties = properties;
    }

    @Bean(destroyMethod = "close")
    TrainingJobs trainingJobs(ModelRegistry registry, EmbeddingStore embeddingStore, ServiceMetrics metrics) {
        SeqtagProperties.Training training = properties.training();
        TrainingJobs jobs = new TrainingJobs(registry, embeddingStore, training.gateTolerance(), training.threads(),
                Clock.systemUTC());
        metrics.gaugeTrainingJobs(jobs::count);
        return jobs;
    }

    @Bean
    RetrainOrders retrainOrders() {
        SeqtagProperties.Training training = properties.training();
        return new RetrainOrders(training.trainFile(), training.validFile(), training.plan());
    }

    /** Multipart limits follow seqtag.training.max-upload: per file, and both files plus form fields per request. */
    @Bean
    MultipartConfigElement multipartConfigElement() {
        long perFile = properties.training().maxUpload().toBytes();
        long perRequest = 2 * perFile + DataSize.ofMegabytes(1).toBytes();
        return new MultipartConfigElement(null, perFile, perRequest, (int) DataSize.ofMegabytes(1).toBytes());
    }
}
