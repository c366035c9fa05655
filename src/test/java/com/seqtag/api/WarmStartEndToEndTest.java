package com.seqtag.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.TinyModelDirectory;
import com.seqtag.support.TinyModels;
import com.seqtag.training.TrainingPlan;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A retrain through the admin API that starts from the active model (the tiny model: PER, LOC, ORG,
 * MISC) on a dozen sentences that add a new type (TEAM), against the same budget from scratch, over
 * real HTTP; and the requests a warm start refuses, leaving the model directory and the jobs as they were.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WarmStartEndToEndTest {

    private static final String TOKEN = "test-admin-token-warm-19";
    private static final String TRAIN = TinyModels.fixtureText("new-type-train.conll");
    private static final String VALID = TinyModels.fixtureText("new-type-valid.conll");
    /** The same small budget for both runs: 3 epochs of the tiny recipe. */
    private static final String BUDGET = "\"epochs\": 3";
    private static TinyModelDirectory models;
    private static Path plan;

    @LocalServerPort
    int port;

    HttpTestClient http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("seqtag.admin.token", () -> TOKEN);
        registry.add("seqtag.model-dir", () -> models().directory().toString());
        registry.add("seqtag.training.plan", () -> plan().toString());
    }

    private static synchronized TinyModelDirectory models() {
        if (models == null) {
            models = TinyModelDirectory.create();
        }
        return models;
    }

    /** The tiny recipe as the server's plan, so training from scratch builds the tiny network too. */
    private static synchronized Path plan() {
        if (plan == null) {
            try {
                plan = Files.createTempDirectory("seqtag-plan").resolve("plan.json");
                new ObjectMapper().writeValue(plan.toFile(),
                        new TrainingPlan(TinyModels.CONFIG, TinyModels.TRAINING).asMap());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return plan;
    }

    @BeforeEach
    void awaitReadiness() throws InterruptedException {
        http = new HttpTestClient(port);
        assertThat(http.awaitReady(Duration.ofSeconds(60))).as("readiness UP").isTrue();
    }

    @Test
    void aWarmStartedRetrainBeatsTheSameBudgetFromScratchOnANewType() throws Exception {
        String active = HttpTestClient.json(http.get("/model")).get("version").asText();

        // Warm first: should it be promoted, "active" would name it, and the scratch run does not care.
        HttpResponse<String> accepted = admin(post("{\"config\": {" + BUDGET + ", \"initFrom\": \"active\"}, "
                + "\"trainConll\": " + HttpTestClient.jsonString(TRAIN) + ", \"validConll\": "
                + HttpTestClient.jsonString(VALID) + "}"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = HttpTestClient.json(accepted);
        assertThat(job.get("startedFrom").asText()).isEqualTo(active);
        JsonNode warm = awaitEnd(job.get("id").asText());
        assertThat(warm.get("state").asText()).as(warm.toString()).isIn("succeeded", "rejected");
        assertThat(warm.get("startedFrom").asText()).isEqualTo(active);
        assertThat(warm.get("entityTypes")).extracting(JsonNode::asText).contains("TEAM", "PER", "LOC", "ORG");

        JsonNode scratch = awaitEnd(jobId(admin(post("{\"config\": {" + BUDGET + "}, \"trainConll\": "
                + HttpTestClient.jsonString(TRAIN) + ", \"validConll\": " + HttpTestClient.jsonString(VALID) + "}"))));
        assertThat(scratch.get("state").asText()).as(scratch.toString()).isIn("succeeded", "rejected");
        assertThat(scratch.get("startedFrom").isNull()).isTrue();

        double warmF1 = bestF1(warm);
        double scratchF1 = bestF1(scratch);
        assertThat(warmF1).as("valid F1 warm-started (%.2f) vs from scratch (%.2f)", warmF1, scratchF1)
                .isGreaterThan(scratchF1 + 20);

        // The stored model says where it started from.
        JsonNode stored = find(HttpTestClient.json(admin(get("/admin/models"))), warm.get("modelVersion").asText());
        assertThat(stored.get("training").get("startedFrom").asText()).isEqualTo(active);
        assertThat(stored.get("entityTypes")).extracting(JsonNode::asText).contains("TEAM");
    }

    @Test
    void anUnknownStartingModelOrAnotherShapeIsRefusedWith400AndNothingStoredChanges() throws IOException {
        List<String> filesBefore = files();
        int jobsBefore = HttpTestClient.json(admin(get("/admin/jobs"))).get("jobs").size();
        String data = ", \"trainConll\": " + HttpTestClient.jsonString(TRAIN) + ", \"validConll\": "
                + HttpTestClient.jsonString(VALID) + "}";

        JsonNode unknown = HttpTestClient.assertProblem(admin(post("{\"config\": {\"initFrom\": \"ner-19990101-000000-nosuchv\"}" + data)),
                400, "no model version \"ner-19990101-000000-nosuchv\"");
        assertThat(unknown.get("title").asText()).isEqualTo("Unknown starting model");
        JsonNode shape = HttpTestClient.assertProblem(admin(post("{\"config\": {\"initFrom\": \"active\", \"hiddenSize\": 32}" + data)),
                400, "\"hiddenSize\" is 32 but the starting model");
        assertThat(shape.get("title").asText()).isEqualTo("Starting model does not fit the plan");
        HttpTestClient.assertProblem(admin(post("{\"config\": {\"freezeEpochs\": 1}" + data)), 422, "freezeEpochs needs initFrom");
        JsonNode teacher = HttpTestClient.assertProblem(admin(post("{\"config\": {\"teachers\": [\"active\","
                + " \"ner-19990101-000000-nosuchv\"]}" + data)), 400, "teachers: no model version");
        assertThat(teacher.get("title").asText()).isEqualTo("Unknown teacher model");
        HttpTestClient.assertProblem(admin(post("{\"config\": {\"teachers\": [\"active\"], \"distillationWeight\": 0}"
                + data)), 422, "distillationWeight must be in (0, 1]");

        assertThat(files()).isEqualTo(filesBefore);
        assertThat(HttpTestClient.json(admin(get("/admin/jobs"))).get("jobs").size()).isEqualTo(jobsBefore);
    }

    private static double bestF1(JsonNode job) {
        double best = 0;
        for (JsonNode epoch : job.get("epochs")) {
            best = Math.max(best, epoch.get("validF1").asDouble());
        }
        return best;
    }

    private static List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(models().directory())) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static JsonNode find(JsonNode models, String version) {
        for (JsonNode model : models.get("models")) {
            if (model.get("version").asText().equals(version)) {
                return model;
            }
        }
        throw new AssertionError("no model " + version + " in " + models);
    }

    private HttpRequest.Builder get(String path) {
        return http.request(path).GET();
    }

    private HttpRequest.Builder post(String json) {
        return http.request("/admin/retrain").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> admin(HttpRequest.Builder request) {
        return http.send(request.header("Authorization", "Bearer " + TOKEN));
    }

    private static String jobId(HttpResponse<String> accepted) {
        return HttpTestClient.acceptedJobId(accepted);
    }

    private JsonNode awaitEnd(String id) throws InterruptedException {
        return http.awaitJobEnd(id, TOKEN);
    }
}
