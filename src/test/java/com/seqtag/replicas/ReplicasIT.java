package com.seqtag.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.seqtag.store.BundledModel;
import com.seqtag.store.S3ModelStore;
import com.seqtag.store.S3Settings;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.S3ProxyServer;
import com.seqtag.support.ServiceProcess;
import com.seqtag.support.TinyModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replicas of the packaged service, each a separate process with its own cache directory, sharing
 * one model store on a real S3-compatible server (S3Proxy, its own process): an activation through
 * one replica is served by the others; a corrupted version is refused everywhere and nothing swaps;
 * with the store down the replicas keep tagging, say so, and refuse admin writes with 503; a
 * replica started while the store is down stays not-ready until it is back; a killed replica comes
 * back serving the active version. The tests run in order and share the store and the replicas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final String BUCKET = "seqtag-models";
    private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(10);

    private Path work;

    private S3ProxyServer s3;
    private S3ModelStore operator;
    private ServiceProcess first;
    private ServiceProcess second;
    private final List<ServiceProcess> started = new ArrayList<>();

    @BeforeAll
    void storeWithThreeVersionsAndTwoReplicas() throws Exception {
        work = Files.createTempDirectory("seqtag-replicas-it");
        s3 = S3ProxyServer.start(work.resolve("s3"));
        s3.createBucket(BUCKET);
        operator = S3ModelStore.connect(S3Settings.forEndpoint(BUCKET, s3.endpoint()), work.resolve("operator-cache"),
                s3.credentials());
        first = replica("first", true);
        second = replica("second", true);
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (ServiceProcess process : started) {
            process.close();
        }
        if (operator != null) {
            operator.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aFreshBucketServesTheBundledModelWithNoUpload() throws IOException {
        String bundled = BundledModel.readManifest().version();
        assertThat(first.activeVersion()).isEqualTo(bundled);
        assertThat(second.activeVersion()).isEqualTo(bundled);
        assertThat(storeHealth(first).path("status").asText()).isEqualTo("UP");
        assertThat(storeHealth(first).path("details").path("store").asText()).contains(BUCKET);

        // Versions another process (an operator, a trainer) put into the store for later.
        operator.put(TinyModels.artifact("tiny-a"));
        operator.put(TinyModels.artifact("tiny-b"));
        operator.put(TinyModels.artifact("tiny-bad"));
        corrupt("tiny-bad");
    }

    @Test
    @Order(2)
    void anActivationThroughOneReplicaIsServedByTheOtherWithinTenSecondsAndNoRequestFails() throws Exception {
        String before = second.activeVersion();
        Map<String, Integer> answeredBy = new ConcurrentHashMap<>();
        List<Integer> failures = new ArrayList<>();
        AtomicBoolean tagging = new AtomicBoolean(true);
        Thread client = new Thread(() -> {
            while (tagging.get()) {
                HttpResponse<String> response = second.http.postJson("/tag", "{\"text\": \"Peter Blackburn reports from Brussels.\"}");
                if (response.statusCode() != 200) {
                    synchronized (failures) {
                        failures.add(response.statusCode());
                    }
                } else {
                    answeredBy.merge(HttpTestClient.json(response).get("model").asText(), 1, Integer::sum);
                }
            }
        });
        client.start();

        long start = System.nanoTime();
        HttpResponse<String> activated = first.admin("POST", "/admin/models/tiny-a/activate", null);
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        assertThat(first.activeVersion()).isEqualTo("tiny-a");
        boolean followed = await(() -> second.activeVersion().equals("tiny-a"), PROPAGATION_LIMIT);
        long millis = (System.nanoTime() - start) / 1_000_000;
        tagging.set(false);
        client.join();

        System.out.printf("activation propagated to the second replica in %d ms%n", millis);
        assertThat(followed).as("second replica serves tiny-a within " + PROPAGATION_LIMIT).isTrue();
        assertThat(failures).as("failed requests during the swap").isEmpty();
        assertThat(answeredBy.keySet()).isSubsetOf(before, "tiny-a");
        HttpResponse<String> after = second.http.postJson("/tag", "{\"text\": \"Angela Merkel visited Paris.\"}");
        assertThat(HttpTestClient.json(after).get("model").asText()).isEqualTo("tiny-a");
    }

    @Test
    @Order(3)
    void aCorruptedVersionIsRefusedEverywhereAndNothingSwaps() throws Exception {
        HttpResponse<String> throughApi = first.admin("POST", "/admin/models/tiny-bad/activate", null);
        assertThat(throughApi.statusCode()).as(throughApi.body()).isEqualTo(422);
        assertThat(first.activeVersion()).isEqualTo("tiny-a");

        operator.setActiveVersion("tiny-bad");
        boolean refused = await(() -> logs(first).contains("tiny-bad") && logs(second).contains("tiny-bad"),
                Duration.ofSeconds(10));
        assertThat(refused).as("both replicas tried the pointer's version").isTrue();
        Thread.sleep(2_000);
        assertThat(first.activeVersion()).isEqualTo("tiny-a");
        assertThat(second.activeVersion()).isEqualTo("tiny-a");
        assertThat(logs(second)).contains("ERROR").contains("model tiny-bad named by the active pointer");

        operator.setActiveVersion("tiny-a");
    }

    @Test
    @Order(4)
    void withTheStoreDownReplicasKeepTaggingSayItAndRefuseAdminWritesUntilItIsBack() throws Exception {
        s3.stop();
        assertThat(await(() -> storeHealth(first).path("status").asText().equals("DOWN"), Duration.ofSeconds(10)))
                .as("the store shows DOWN in health").isTrue();
        assertThat(first.http.get("/actuator/health/readiness").statusCode()).as("readiness stays UP").isEqualTo(200);
        assertThat(first.http.postJson("/tag", "{\"text\": \"EU rejects German call.\"}").statusCode()).isEqualTo(200);
        assertThat(first.http.get("/actuator/prometheus").body()).containsPattern("(?m)^seqtag_store_up\\{[^}]*} 0\\.0$");

        HttpResponse<String> activate = first.admin("POST", "/admin/models/tiny-b/activate", null);
        assertThat(activate.statusCode()).as(activate.body()).isEqualTo(503);
        assertThat(HttpTestClient.json(activate).get("detail").asText()).contains(BUCKET).contains("cannot be reached");
        String retrain = "{\"trainConll\": " + HttpTestClient.jsonString(TinyModels.fixtureText("tiny-train.conll"))
                + ", \"validConll\": " + HttpTestClient.jsonString(TinyModels.fixtureText("tiny-valid.conll")) + "}";
        HttpResponse<String> retrained = first.admin("POST", "/admin/retrain", retrain);
        assertThat(retrained.statusCode()).as(retrained.body()).isEqualTo(503);
        assertThat(first.activeVersion()).isEqualTo("tiny-a");

        s3.start();
        assertThat(await(() -> storeHealth(first).path("status").asText().equals("UP"), Duration.ofSeconds(15)))
                .as("polling resumes by itself").isTrue();
        HttpResponse<String> again = second.admin("POST", "/admin/models/tiny-b/activate", null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(await(() -> first.activeVersion().equals("tiny-b"), PROPAGATION_LIMIT)).isTrue();
    }

    @Test
    @Order(5)
    void aReplicaStartedWhileTheStoreIsDownWaitsNotReadyInsteadOfServingSomethingElse() throws Exception {
        s3.stop();
        ServiceProcess third;
        try {
            third = replica("third", false);
            assertThat(await(() -> answers(third), Duration.ofSeconds(90))).as("the third replica listens").isTrue();
            assertThat(await(() -> logs(third).contains("retries"), Duration.ofSeconds(30))).isTrue();
            HttpResponse<String> readiness = third.http.get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).as("not ready while the store is down").isEqualTo(503);
            assertThat(third.http.get("/actuator/health").body()).contains("cannot be reached");
        } finally {
            s3.start();
        }
        third.awaitReady();
        assertThat(third.activeVersion()).isEqualTo("tiny-b");
    }

    @Test
    @Order(6)
    void aKilledReplicaComesBackServingTheActiveVersion() throws Exception {
        second.kill();
        ServiceProcess restarted = replica("second-again", true);
        assertThat(restarted.activeVersion()).isEqualTo("tiny-b");
        assertThat(first.activeVersion()).isEqualTo("tiny-b");
    }

    private ServiceProcess replica(String name, boolean awaitReady) throws Exception {
        List<String> arguments = List.of(
                "--seqtag.store.type=s3",
                "--seqtag.store.s3.bucket=" + BUCKET,
                "--seqtag.store.s3.endpoint=" + s3.endpoint(),
                "--seqtag.store.s3.path-style=true",
                "--seqtag.store.poll-interval=1s",
                "--seqtag.store.retry-delay=1s");
        Map<String, String> credentials = Map.of(
                "AWS_ACCESS_KEY_ID", s3.accessKey(),
                "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
                "AWS_REGION", "us-east-1");
        ServiceProcess process = ServiceProcess.start(work.resolve("cache-" + name), work, null, arguments, credentials,
                awaitReady);
        started.add(process);
        return process;
    }

    private void corrupt(String version) throws IOException {
        Path object = s3.objectFile(BUCKET, "seqtag/versions/" + version + ".seqtag");
        byte[] bytes = Files.readAllBytes(object);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 32; i++) {
            bytes[i] ^= 0x5A;
        }
        Files.write(object, bytes);
    }

    private static JsonNode storeHealth(ServiceProcess replica) {
        return HttpTestClient.json(replica.http.get("/actuator/health")).path("components").path("modelStore");
    }

    private static boolean answers(ServiceProcess replica) {
        try {
            return replica.http.get("/actuator/health/liveness").statusCode() == 200;
        } catch (UncheckedIOException notListeningYet) {
            return false;
        }
    }

    private static String logs(ServiceProcess replica) {
        try {
            return replica.log();
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
