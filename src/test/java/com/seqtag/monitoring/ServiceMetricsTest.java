package com.seqtag.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.retrain.JobState;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The service's meters on an in-memory registry: counters, batch sizes, gauges and the model swap. */
class ServiceMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ServiceMetrics metrics = new ServiceMetrics(registry);

    @Test
    void countsTaggedDocumentsSentencesAndTokens() {
        metrics.tagged(1, 2, 15);
        metrics.tagged(3, 4, 20);

        assertThat(registry.get(ServiceMetrics.DOCUMENTS_TAGGED).counter().count()).isEqualTo(4);
        assertThat(registry.get(ServiceMetrics.SENTENCES_TAGGED).counter().count()).isEqualTo(6);
        assertThat(registry.get(ServiceMetrics.TOKENS_TAGGED).counter().count()).isEqualTo(35);
    }

    @Test
    void recordsTheSizeOfEveryForwardPass() {
        metrics.forwardPass(64, 192);
        metrics.forwardPass(6, 20);

        DistributionSummary sentences = registry.get(ServiceMetrics.BATCH_SENTENCES).summary();
        assertThat(sentences.count()).isEqualTo(2);
        assertThat(sentences.totalAmount()).isEqualTo(70);
        assertThat(sentences.max()).isEqualTo(64);
        assertThat(registry.get(ServiceMetrics.BATCH_TOKENS).summary().totalAmount()).isEqualTo(212);
    }

    @Test
    void samplesTheQueueDepthAtEveryReadAndRefusesASecondQueue() {
        AtomicInteger depth = new AtomicInteger(3);
        metrics.gaugeQueueDepth(depth::get);
        System.gc();

        Gauge gauge = registry.get(ServiceMetrics.QUEUE_DEPTH).gauge();
        assertThat(gauge.value()).isEqualTo(3);
        depth.set(0);
        assertThat(gauge.value()).isZero();
        assertThatThrownBy(() -> metrics.gaugeQueueDepth(() -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keepsOneActiveModelSeriesThatFollowsSwaps() {
        metrics.activated("v1", "fp32");
        metrics.activated("v2", "bf16");

        assertThat(registry.find(ServiceMetrics.MODEL_ACTIVE).gauges()).hasSize(1);
        assertThat(registry.get(ServiceMetrics.MODEL_ACTIVE).tag("version", "v2").tag("precision", "bf16").gauge().value())
                .isEqualTo(1);
        assertThat(registry.find(ServiceMetrics.MODEL_ACTIVE).tag("version", "v1").gauge()).isNull();
    }

    @Test
    void publishesTrainingJobsForEveryStateEvenWhenNoneIsInIt() {
        AtomicInteger running = new AtomicInteger(1);
        metrics.gaugeTrainingJobs(state -> state == JobState.RUNNING ? running.get() : 0);

        assertThat(registry.find(ServiceMetrics.TRAINING_JOBS).gauges()).hasSize(JobState.values().length);
        assertThat(registry.get(ServiceMetrics.TRAINING_JOBS).tag("state", "running").gauge().value()).isEqualTo(1);
        assertThat(registry.get(ServiceMetrics.TRAINING_JOBS).tag("state", "succeeded").gauge().value()).isZero();
        running.set(0);
        assertThat(registry.get(ServiceMetrics.TRAINING_JOBS).tag("state", "running").gauge().value()).isZero();
    }

    @Test
    void storeRequestsKeepCountingAfterTheGarbageCollectorRan() {
        AtomicLong requests = new AtomicLong();
        metrics.countStoreRequests(requests::get);
        requests.set(3);
        assertThat(registry.get(ServiceMetrics.STORE_REQUESTS).functionCounter().count()).isEqualTo(3.0);

        System.gc();
        requests.set(7);

        assertThat(registry.get(ServiceMetrics.STORE_REQUESTS).functionCounter().count()).isEqualTo(7.0);
    }
}
