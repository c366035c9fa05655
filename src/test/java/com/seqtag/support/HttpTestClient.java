package com.seqtag.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** A plain HTTP client against a running service on localhost, for end-to-end tests. */
public final class HttpTestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public HttpTestClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /** POSTs a body with a content type. */
    public HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POSTs JSON. */
    public HttpResponse<String> postJson(String path, String json) {
        return post(path, "application/json", json);
    }

    /** GETs a path. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /**
     * Polls the readiness probe until it is UP or the timeout passes. Only the status code counts:
     * the body lists components, and one of them can be UP while the whole probe is DOWN (503).
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (get("/actuator/health/readiness").statusCode() == 200) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** {@code text} as a JSON string literal. */
    public static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    /** Parses a JSON body. */
    public static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    /** Parses JSON text. */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** A request builder for {@code path}, for methods and headers the shortcuts above do not cover. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    /** Sends a request built with {@link #request}. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The id of a job the admin API accepted, failing the test unless the answer is 202. */
    public static String acceptedJobId(HttpResponse<String> accepted) {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return json(accepted).get("id").asText();
    }

    /** Polls {@code GET /admin/jobs/{id}} with the bearer token until the job has ended (3 minutes at most). */
    public JsonNode awaitJobEnd(String id, String adminToken) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = json(send(request("/admin/jobs/" + id).GET().header("Authorization", "Bearer " + adminToken)));
            if (!java.util.Set.of("queued", "running").contains(job.get("state").asText())) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not end in time");
    }

    /** Asserts an RFC 9457 problem with this status whose detail contains {@code detailFragment}. */
    public static JsonNode assertProblem(HttpResponse<String> response, int status, String detailFragment) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).contains(detailFragment);
        return problem;
    }
}
