package com.seqtag.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service over real HTTP on a random port, serving a tiny model trained for the tests.
 * End-to-end test classes extend it so they share one application context (Spring caches it by
 * configuration), one server and one model instead of starting their own. Metrics are exported as
 * in production ({@code /actuator/prometheus}); Spring Boot tests turn exporters off unless asked.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "seqtag.max-text-chars=2000",
    "seqtag.batch.max-documents=5",
    "seqtag.batch.max-total-chars=3000"})
public abstract class ServiceTestBase {

    private static TinyModelDirectory models;

    @LocalServerPort
    protected int port;

    protected HttpTestClient http;

    @DynamicPropertySource
    static void modelDirectory(DynamicPropertyRegistry registry) {
        registry.add("seqtag.model-dir", () -> models().directory().toString());
    }

    /** The model directory the service reads: one tiny model, active. */
    protected static synchronized TinyModelDirectory models() {
        if (models == null) {
            models = TinyModelDirectory.create();
        }
        return models;
    }

    @BeforeEach
    void awaitReadiness() throws InterruptedException {
        http = new HttpTestClient(port);
        assertThat(http.awaitReady(Duration.ofSeconds(60))).as("readiness UP").isTrue();
    }

    /** Asserts an RFC 9457 problem with this status whose detail contains {@code detailFragment}. */
    protected static JsonNode assertProblem(HttpResponse<String> response, int status, String detailFragment) {
        return HttpTestClient.assertProblem(response, status, detailFragment);
    }

    /** {@code text} as a JSON string literal. */
    protected static String quote(String text) {
        return HttpTestClient.jsonString(text);
    }
}
