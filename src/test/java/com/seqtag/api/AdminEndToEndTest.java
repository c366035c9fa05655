package com.seqtag.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.seqtag.SeqTagApplication;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.Multipart;
import com.seqtag.support.TinyModelDirectory;
import com.seqtag.support.TinyModels;
import com.seqtag.training.TrainingPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Retraining through the admin API over real HTTP: jobs, the validation gate, custom entity types,
 * versions and rollback, a restart, one job at a time, authentication and bad input. Training is
 * real, on the tiny invented fixtures, with the tiny recipe as the server's training plan.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminEndToEndTest {

    private static final String TOKEN = "test-admin-token-5f2a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Setup setup;

    @LocalServerPort
    int port;

    HttpTestClient http;

    /** The model directory, server-side corpus and plan shared by this class's server and its restart. */
    private record Setup(TinyModelDirectory models, Path trainFile, Path validFile, Path plan) {
        Map<String, String> properties() {
            return Map.of(
                    "seqtag.admin.token", TOKEN,
                    "seqtag.model-dir", models.directory().toString(),
                    "seqtag.training.train-file", trainFile.toString(),
                    "seqtag.training.valid-file", validFile.toString(),
                    "seqtag.training.plan", plan.toString(),
                    "seqtag.training.max-upload", "64KB");
        }
    }

    private static synchronized Setup setup() {
        if (setup == null) {
            try {
                TinyModelDirectory models = TinyModelDirectory.create();
                Path data = Files.createTempDirectory("seqtag-corpus");
                Path train = Files.writeString(data.resolve("train.conll"), TinyModels.fixtureText("tiny-train.conll"));
                Path valid = Files.writeString(data.resolve("valid.conll"), TinyModels.fixtureText("tiny-valid.conll"));
                Path plan = data.resolve("plan.json");
                JSON.writeValue(plan.toFile(), new TrainingPlan(TinyModels.CONFIG, TinyModels.TRAINING).asMap());
                setup = new Setup(models, train, valid, plan);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return setup;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        setup().properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeEach
    void awaitReadiness() throws InterruptedException {
        http = new HttpTestClient(port);
        assertThat(http.awaitReady(Duration.ofSeconds(60))).as("readiness UP").isTrue();
    }

    @Test
    void retrainWithTheServerCorpusIsPromotedWhileTaggingGoesOnWithoutAFailure() throws Exception {
        String before = activeVersion();
        TagTraffic traffic = new TagTraffic(http, 3);
        traffic.start();
        Thread.sleep(300);

        HttpResponse<String> accepted = admin(post("/admin/retrain", "{\"config\": {\"epochs\": 20}}"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode job = HttpTestClient.json(accepted);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/admin/jobs/" + job.get("id").asText());
        assertThat(job.get("state").asText()).isIn("queued", "running");
        assertThat(job.get("trainSource").asText()).startsWith("configured corpus");
        assertThat(job.get("overrides").get("epochs").asInt()).isEqualTo(20);

        JsonNode finished = awaitEnd(job.get("id").asText());
        Thread.sleep(300);
        traffic.stop();

        assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("succeeded");
        String trained = finished.get("modelVersion").asText();
        assertThat(trained).isNotEqualTo(before);
        assertThat(finished.get("gate").get("promote").asBoolean()).isTrue();
        assertThat(finished.get("gate").get("activeVersion").asText()).isEqualTo(before);
        assertThat(finished.get("epochs")).isNotEmpty();
        assertThat(finished.get("epochs").get(0).has("validF1")).isTrue();
        assertThat(finished.get("progress").get("percent").asDouble()).isEqualTo(100.0);
        assertThat(finished.get("entityTypes")).extracting(JsonNode::asText).contains("PER", "LOC");

        // Every request during training and the swap succeeded, answered by one model or the other.
        assertThat(traffic.failures()).as(traffic.failureSamples().toString()).isZero();
        assertThat(traffic.successes()).isPositive();
        assertThat(traffic.versionsSeen()).isSubsetOf(before, trained).contains(trained);
        assertThat(tagVersion()).isEqualTo(trained);

        JsonNode models = HttpTestClient.json(admin(get("/admin/models")));
        assertThat(models.get("active").asText()).isEqualTo(trained);
        assertThat(find(models, trained).get("active").asBoolean()).isTrue();
        assertThat(models.get("models").get(0).get("source").asText()).isEqualTo("bundled");
        assertThat(Files.readString(setup.models().directory().resolve("ACTIVE")).strip()).isEqualTo(trained);
        assertThat(HttpTestClient.json(admin(get("/admin/jobs"))).get("jobs").get(0).get("id").asText())
                .isEqualTo(job.get("id").asText());
    }

    @Test
    void aWorseModelIsRejectedAndTheActiveOneKeepsServingUnlessForced() throws Exception {
        String before = activeVersion();
        String poorSettings = "{\"epochs\": 1, \"learningRate\": 0.000001}";

        JsonNode rejected = awaitEnd(jobId(admin(post("/admin/retrain", "{\"config\": " + poorSettings + "}"))));
        assertThat(rejected.get("state").asText()).as(rejected.toString()).isEqualTo("rejected");
        assertThat(rejected.get("reason").asText()).contains("rejected", "candidate F1", before);
        assertThat(rejected.get("gate").get("candidateF1").asDouble())
                .isLessThan(rejected.get("gate").get("activeF1").asDouble());
        assertThat(tagVersion()).isEqualTo(before);
        // The rejected candidate is kept as a version of its own, inactive.
        JsonNode candidate = find(HttpTestClient.json(admin(get("/admin/models"))), rejected.get("modelVersion").asText());
        assertThat(candidate.get("active").asBoolean()).isFalse();

        JsonNode forced = awaitEnd(jobId(admin(post("/admin/retrain",
                "{\"config\": " + poorSettings + ", \"force\": true}"))));
        assertThat(forced.get("state").asText()).isEqualTo("succeeded");
        assertThat(forced.get("gate").get("forced").asBoolean()).isTrue();
        assertThat(tagVersion()).isEqualTo(forced.get("modelVersion").asText());

        // Roll back to the model that served before.
        HttpResponse<String> rolledBack = admin(post("/admin/models/" + before + "/activate", ""));
        assertThat(rolledBack.statusCode()).isEqualTo(200);
        assertThat(HttpTestClient.json(rolledBack).get("active").asBoolean()).isTrue();
        assertThat(tagVersion()).isEqualTo(before);
    }

    @Test
    void uploadedDataWithOtherEntityTypesTrainsAModelThatFindsExactlyThoseTypes() throws Exception {
        String before = activeVersion();
        byte[] custom = TinyModels.fixtureText("custom-types.conll").getBytes(StandardCharsets.UTF_8);
        Multipart form = new Multipart()
                .field("config", "{\"epochs\": 25, \"patience\": 25}")
                .file("trainConll", "products.conll", custom)
                .file("validConll", "products-valid.conll", custom);
        HttpResponse<String> accepted = admin(http.request("/admin/retrain")
                .header("Content-Type", form.contentType()).POST(form.publisher()));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(HttpTestClient.json(accepted).get("entityTypes")).extracting(JsonNode::asText)
                .containsExactly("EVENT", "PRODUCT");

        JsonNode finished = awaitEnd(jobId(accepted));
        assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("succeeded");
        assertThat(finished.get("gate").get("labelSetsDiffer").asBoolean()).isTrue();
        assertThat(finished.get("gate").get("explanation").asText()).contains("label sets differ");

        JsonNode model = HttpTestClient.json(http.get("/model"));
        assertThat(model.get("version").asText()).isEqualTo(finished.get("modelVersion").asText());
        assertThat(model.get("entityTypes")).extracting(JsonNode::asText).containsExactly("EVENT", "PRODUCT");
        JsonNode tagged = HttpTestClient.json(http.postJson("/tag",
                "{\"text\": \"Fans queued for the Nimbus Phone before the Harbor Jazz Festival .\"}"));
        assertThat(tagged.get("tokens")).allSatisfy(token ->
                assertThat(token.get("label").asText()).matches("O|[BI]-(EVENT|PRODUCT)"));
        assertThat(tagged.get("entities")).isNotEmpty().allSatisfy(entity ->
                assertThat(entity.get("type").asText()).isIn("EVENT", "PRODUCT"));
        String docs = http.get("/v3/api-docs").body();
        assertThat(docs).contains("EVENT, PRODUCT");

        assertThat(admin(post("/admin/models/" + before + "/activate", "")).statusCode()).isEqualTo(200);
        assertThat(HttpTestClient.json(http.get("/model")).get("entityTypes")).extracting(JsonNode::asText)
                .contains("PER", "LOC");
    }

    @Test
    void aRestartServesTheVersionThatWasActive() throws Exception {
        String active = activeVersion();
        List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
        setup().properties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(SeqTagApplication.class)
                .run(arguments.toArray(String[]::new))) {
            int restartedPort = ((WebServerApplicationContext) restarted).getWebServer().getPort();
            HttpTestClient second = new HttpTestClient(restartedPort);
            assertThat(second.awaitReady(Duration.ofSeconds(60))).isTrue();
            assertThat(HttpTestClient.json(second.get("/model")).get("version").asText()).isEqualTo(active);
        }
    }

    @Test
    void oneJobAtATimeAndARunningJobCanBeCancelled() throws Exception {
        String before = activeVersion();
        HttpResponse<String> first = admin(post("/admin/retrain",
                "{\"config\": {\"epochs\": 1000, \"patience\": 1000}}"));
        assertThat(first.statusCode()).isEqualTo(202);
        String id = jobId(first);

        HttpResponse<String> second = admin(post("/admin/retrain", "{\"config\": {\"epochs\": 1}}"));
        assertThat(second.statusCode()).isEqualTo(409);
        assertProblem(second, "has not finished");
        assertThat(second.headers().firstValue("Location")).hasValue("/admin/jobs/" + id);

        awaitState(id, "running");
        HttpResponse<String> cancel = admin(http.request("/admin/jobs/" + id).DELETE());
        assertThat(cancel.statusCode()).isEqualTo(202);
        JsonNode cancelled = awaitEnd(id);
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        assertThat(admin(http.request("/admin/jobs/" + id).DELETE()).statusCode()).isEqualTo(409);
        assertThat(tagVersion()).isEqualTo(before);
    }

    @Test
    void theAdminTokenIsRequiredAndChecked() {
        HttpResponse<String> missing = http.get("/admin/jobs");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertProblem(missing, "Authorization: Bearer");

        HttpResponse<String> wrong = http.send(http.request("/admin/jobs").header("Authorization", "Bearer " + TOKEN + "x"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(TOKEN);

        HttpResponse<String> basic = http.send(http.request("/admin/models").header("Authorization", "Basic " + TOKEN));
        assertThat(basic.statusCode()).isEqualTo(401);

        HttpResponse<String> unauthenticatedRetrain = http.postJson("/admin/retrain", "{}");
        assertThat(unauthenticatedRetrain.statusCode()).isEqualTo(401);

        assertThat(http.send(http.request("/admin/jobs").header("Authorization", "bearer " + TOKEN)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void badRetrainRequestsAreRefusedWithTheLineOrFieldAndTouchNothing() throws IOException {
        List<String> filesBefore = modelFiles();
        int jobsBefore = HttpTestClient.json(admin(get("/admin/jobs"))).get("jobs").size();

        assertProblem(admin(post("/admin/retrain", "{\"trainConll\": \"Anna B-PER\\nBerg I-PER extra\\n\"}")), 400,
                "trainConll: line 2");
        assertProblem(admin(post("/admin/retrain", "{\"trainConll\": \"Anna X-PER\\n\"}")), 400, "line 1");
        assertProblem(admin(post("/admin/retrain", "{\"trainConll\": \"\"}")), 400, "no sentences");
        assertProblem(admin(post("/admin/retrain", "{\"validConll\": \"\\n\\n\"}")), 400, "validConll");
        assertProblem(admin(post("/admin/retrain", "{\"config\": {\"epohcs\": 3}}")), 400, "\"epohcs\"");
        assertProblem(admin(post("/admin/retrain", "{\"config\": {\"layers\": 0}}")), 422, "layers");
        assertProblem(admin(post("/admin/retrain", "{\"config\": {\"learningRate\": -1}}")), 422, "learning");
        assertProblem(admin(post("/admin/retrain", "{\"config\": [1]}")), 400, "config");
        assertProblem(admin(post("/admin/retrain", "{\"force\": \"yes\"}")), 400, "force");
        assertProblem(admin(post("/admin/retrain", "{\"addToBase\": true}")), 400, "addToBase");
        assertProblem(admin(post("/admin/retrain", "{\"trainConll\": \"" + "Anna B-PER\\n".repeat(7000) + "\"}")),
                413, "seqtag.training.max-upload");

        Multipart badFlag = new Multipart().field("force", "yes");
        assertProblem(admin(http.request("/admin/retrain").header("Content-Type", badFlag.contentType())
                .POST(badFlag.publisher())), 400, "true or false");
        Multipart huge = new Multipart().file("trainConll", "big.conll",
                "Anna B-PER\n".repeat(8000).getBytes(StandardCharsets.UTF_8));
        assertProblem(admin(http.request("/admin/retrain").header("Content-Type", huge.contentType())
                .POST(huge.publisher())), 413, "max-upload");
        Multipart binary = new Multipart().file("trainConll", "x.conll", new byte[] {(byte) 0xC3, 0x28, 0x0A});
        assertProblem(admin(http.request("/admin/retrain").header("Content-Type", binary.contentType())
                .POST(binary.publisher())), 400, "UTF-8");

        assertThat(modelFiles()).isEqualTo(filesBefore);
        assertThat(HttpTestClient.json(admin(get("/admin/jobs"))).get("jobs").size()).isEqualTo(jobsBefore);
    }

    @Test
    void unknownJobsAndVersionsAre404() {
        assertProblem(admin(get("/admin/jobs/no-such-job")), 404, "no-such-job");
        assertProblem(admin(http.request("/admin/jobs/no-such-job").DELETE()), 404, "no training job");
        assertProblem(admin(post("/admin/models/ner-19700101-000000-deadbeef/activate", "")), 404, "no model version");
        assertProblem(admin(post("/admin/models/..ACTIVE/activate", "")), 404, "no model version");
    }

    // --- helpers ---

    private HttpRequest.Builder get(String path) {
        return http.request(path).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return http.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> admin(HttpRequest.Builder request) {
        return http.send(request.header("Authorization", "Bearer " + TOKEN));
    }

    private String activeVersion() {
        return HttpTestClient.json(http.get("/model")).get("version").asText();
    }

    private String tagVersion() {
        return HttpTestClient.json(http.postJson("/tag", "{\"text\": \"Anna Berg visited Oslo .\"}")).get("model").asText();
    }

    private static String jobId(HttpResponse<String> accepted) {
        return HttpTestClient.acceptedJobId(accepted);
    }

    private JsonNode awaitEnd(String id) throws InterruptedException {
        return http.awaitJobEnd(id, TOKEN);
    }

    private void awaitState(String id, String state) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            if (HttpTestClient.json(admin(get("/admin/jobs/" + id))).get("state").asText().equals(state)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " never reached " + state);
    }

    private static JsonNode find(JsonNode models, String version) {
        for (JsonNode model : models.get("models")) {
            if (model.get("version").asText().equals(version)) {
                return model;
            }
        }
        throw new AssertionError(version + " not listed in " + models);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detailPart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertProblem(response, detailPart);
    }

    private static void assertProblem(HttpResponse<String> response, String detailPart) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(HttpTestClient.json(response).get("detail").asText()).contains(detailPart);
    }

    private static List<String> modelFiles() throws IOException {
        try (Stream<Path> files = Files.list(setup().models().directory())) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    /** Clients tagging in a loop, counting failures and the model versions that answered. */
    private static final class TagTraffic {
        private final HttpTestClient client;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger successes = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final Set<String> versions = ConcurrentHashMap.newKeySet();
        private final List<String> failureSamples = new java.util.concurrent.CopyOnWriteArrayList<>();

        TagTraffic(HttpTestClient client, int clients) {
            this.client = client;
            for (int i = 0; i < clients; i++) {
                threads.add(new Thread(this::loop, "tag-traffic-" + i));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private void loop() {
            while (running.get()) {
                try {
                    HttpResponse<String> response = client.postJson("/tag",
                            "{\"text\": \"Acme Corp hired Tom Lund in Paris . Anna Berg visited Oslo .\"}");
                    if (response.statusCode() == 200) {
                        versions.add(HttpTestClient.json(response).get("model").asText());
                        successes.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                        failureSamples.add(response.statusCode() + " " + response.body());
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    failureSamples.add(e.toString());
                }
            }
        }

        int successes() {
            return successes.get();
        }

        int failures() {
            return failures.get();
        }

        Set<String> versionsSeen() {
            return versions;
        }

        List<String> failureSamples() {
            return failureSamples.subList(0, Math.min(3, failureSamples.size()));
        }
    }
}
