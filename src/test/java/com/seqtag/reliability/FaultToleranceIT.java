package com.seqtag.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults against the packaged service in its own process: SIGKILL during a retrain and during the
 * model write, then a restart on the same model directory; and a full disk during the model write.
 * Each time the last good model must be the active one, intact, and the service must serve.
 * Damaged model files at start-up are covered by {@code ModelRegistryTest}.
 */
class FaultToleranceIT {

    private static String trainConll;
    private static String validConll;

    @TempDir
    Path work;

    @BeforeAll
    static void readFixtures() throws IOException {
        trainConll = fixture("tiny-train.conll");
        validConll = fixture("tiny-valid.conll");
    }

    @Test
    void killedDuringARetrainTheLastGoodModelServesAfterRestart() throws Exception {
        Path models = work.resolve("models");
        String good;
        try (ServiceProcess service = ServiceProcess.start(models, work)) {
            good = trainAndPromote(service);
            String id = startRetrain(service, 1000);
            awaitEpoch(service, id, 2);
            service.kill();
        }
        try (ServiceProcess restarted = ServiceProcess.start(models, work)) {
            assertLastGoodServes(restarted, good, models);
        }
    }

    @Test
    void killedWhileWritingTheModelTheLastGoodModelServesAfterRestart() throws Exception {
        Path models = work.resolve("models");
        String good;
        try (ServiceProcess service = ServiceProcess.start(models, work)) {
            good = trainAndPromote(service);
            try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
                models.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
                startRetrain(service, 1);
                Path partial = awaitModelWriteStarted(watcher, models);
                service.kill();
                assertThat(partial).as("killed before the write finished").exists();
            }
        }
        try (ServiceProcess restarted = ServiceProcess.start(models, work)) {
            assertThat(restarted.log()).contains("left by a write that did not finish");
            assertLastGoodServes(restarted, good, models);
        }
    }

    @Test
    void aFullDiskFailsTheJobCleanlyAndLeavesTheActiveModelServing() throws Exception {
        Path models = work.resolve("models");
        // 1 MB: room for ACTIVE and HISTORY, not for a model (about 4 MB).
        try (ServiceProcess service = ServiceProcess.start(models, work, "1m")) {
            String before = service.activeVersion();
            JsonNode job = awaitEnd(service, startRetrain(service, 1));

            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("failed");
            assertThat(job.get("reason").asText()).contains("No space left on device");
            assertThat(service.activeVersion()).isEqualTo(before);
            assertServes(service);
            Path seenByService = Path.of("/proc", Long.toString(service.pid()), "root").resolve(models.toString().substring(1));
            try (Stream<Path> files = Files.list(seenByService)) {
                assertThat(files.map(file -> file.getFileName().toString()))
                        .as("no partial model left behind").noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".seqtag"));
            }
        }
    }

    /** Trains one epoch with force, so it is promoted, and returns its version. */
    private static String trainAndPromote(ServiceProcess service) throws InterruptedException {
        String id = jobId(service.admin("POST", "/admin/retrain", retrainJson(1, true)));
        JsonNode job = awaitEnd(service, id);
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        String version = job.get("modelVersion").asText();
        assertThat(service.activeVersion()).isEqualTo(version);
        return version;
    }

    private static String startRetrain(ServiceProcess service, int epochs) {
        return jobId(service.admin("POST", "/admin/retrain", retrainJson(epochs, true)));
    }

    private static String retrainJson(int epochs, boolean force) {
        return "{\"config\": {\"epochs\": " + epochs + ", \"patience\": " + epochs + "}, \"force\": " + force
                + ", \"trainConll\": " + HttpTestClient.jsonString(trainConll) + ", \"validConll\": " + HttpTestClient.jsonString(validConll) + "}";
    }

    private static String jobId(java.net.http.HttpResponse<String> accepted) {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return HttpTestClient.json(accepted).get("id").asText();
    }

    private static JsonNode awaitEnd(ServiceProcess service, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            JsonNode job = service.job(id);
            if (!List.of("queued", "running").contains(job.get("state").asText())) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not end within 5 minutes");
    }

    private static void awaitEpoch(ServiceProcess service, String id, int epoch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            JsonNode job = service.job(id);
            assertThat(job.get("state").asText()).isIn("queued", "running");
            if (job.get("progress") != null && job.get("progress").path("epoch").asInt() >= epoch) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not reach epoch " + epoch);
    }

    /** Waits for the temporary file a model write starts with. */
    private static Path awaitModelWriteStarted(WatchService watcher, Path models) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            WatchKey key = watcher.poll(1, TimeUnit.SECONDS);
            if (key == null) {
                continue;
            }
            for (WatchEvent<?> event : key.pollEvents()) {
                String name = String.valueOf(event.context());
                if (name.contains(".seqtag") && name.endsWith(".tmp")) {
                    return models.resolve(name);
                }
            }
            key.reset();
        }
        throw new AssertionError("no model write started within 5 minutes");
    }

    private static void assertLastGoodServes(ServiceProcess service, String good, Path models) throws IOException {
        assertThat(service.activeVersion()).isEqualTo(good);
        JsonNode versions = HttpTestClient.json(service.admin("GET", "/admin/models", null)).get("models");
        assertThat(versions).as(versions.toString()).allSatisfy(version ->
                assertThat(version.path("problem").isNull() || version.path("problem").isMissingNode()).isTrue());
        try (Stream<Path> files = Files.list(models)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
        assertServes(service);
    }

    private static void assertServes(ServiceProcess service) {
        JsonNode tagged = HttpTestClient.json(service.http.postJson("/tag", "{\"text\": \"Anna Berg visited Oslo .\"}"));
        assertThat(tagged.get("tokens")).hasSize(5);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = FaultToleranceIT.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
