package com.seqtag.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.seqtag.replicas.TaggingLoad.Answer;
import com.seqtag.store.BundledModel;
import com.seqtag.store.S3ModelStore;
import com.seqtag.store.S3Settings;
import com.seqtag.support.HaproxyProcess;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.S3ProxyServer;
import com.seqtag.support.ServiceProcess;
import com.seqtag.support.TinyModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 16's scenarios against real processes: three replicas of the packaged service (each its own
 * JVM and cache directory) sharing one model store on a real S3-compatible server (S3Proxy, its own
 * JVM), behind a real HAProxy (Debian's, its own process, configured as in
 * {@code docker/haproxy/haproxy.cfg}), with 8 clients tagging through HAProxy during every scenario
 * and not one failed request allowed:
 * <ol>
 *   <li>an activation through one replica is served by all three within 10 s, every answer naming
 *       the old or the new version and, after propagation, only the new;</li>
 *   <li>{@code kill -9} of a replica costs no request, and restarted it serves the active version;</li>
 *   <li>a retrain through HAProxy is one job seen by every replica, a second retrain gets 409,
 *       killing the training replica leaves the job failed once its lease expires and the active
 *       model unchanged, and a new retrain then succeeds and is served everywhere;</li>
 *   <li>with the store down the replicas keep tagging, admin writes get 503, a replica started
 *       meanwhile (the trainer killed in 3) waits not-ready, and once the store is back it serves
 *       the active version and an activation propagates to all three again;</li>
 *   <li>a corrupted version is refused and nothing swaps.</li>
 * </ol>
 * The tests run in order and share the store, the replicas and HAProxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final String BUCKET = "seqtag-models";
    private static final int REPLICAS = 3;
    private static final int CLIENTS = 8;
    private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(10);
    /** The training lease the replicas get: short, so a killed trainer's job fails within the test. */
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Set<String> RUNNING = Set.of("queued", "running");

    private Path work;
    private S3ProxyServer s3;
    private S3ModelStore operator;
    private HaproxyProcess haproxy;
    /** The process of replica-1, replica-2 and replica-3 at this moment (a restart replaces it). */
    private final ServiceProcess[] replicas = new ServiceProcess[REPLICAS];
    private final List<ServiceProcess> started = new ArrayList<>();

    @BeforeAll
    void storeThreeReplicasAndHaproxy() throws Exception {
        work = Files.createTempDirectory("seqtag-replicas-it");
        s3 = S3ProxyServer.start(work.resolve("s3"));
        s3.createBucket(BUCKET);
        operator = S3ModelStore.connect(S3Settings.forEndpoint(BUCKET, s3.endpoint()), work.resolve("operator-cache"),
                s3.credentials());
        for (int i = 0; i < REPLICAS; i++) {
            replicas[i] = replica(i, false);
        }
        // Three JVMs starting at once on two shared cores: each may take twice its usual time.
        for (ServiceProcess replica : replicas) {
            replica.awaitReady(Duration.ofSeconds(240));
        }
        Map<String, Integer> servers = new LinkedHashMap<>();
        for (int i = 0; i < REPLICAS; i++) {
            servers.put(name(i), replicas[i].port());
        }
        haproxy = HaproxyProcess.start(work.resolve("haproxy"), servers);
        for (int i = 0; i < REPLICAS; i++) {
            assertThat(haproxy.awaitStatus(name(i), "UP", Duration.ofSeconds(10))).as(name(i) + " UP in HAProxy").isTrue();
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
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
    void aFreshBucketServesTheBundledModelThroughEveryReplica() throws Exception {
        String bundled = BundledModel.readManifest().version();
        for (ServiceProcess replica : replicas) {
            assertThat(replica.activeVersion()).isEqualTo(bundled);
            assertThat(storeHealth(replica).path("status").asText()).isEqualTo("UP");
            assertThat(storeHealth(replica).path("details").path("store").asText()).contains(BUCKET);
        }

        // Versions another process (an operator, a trainer) put into the store for later.
        operator.put(TinyModels.artifact("tiny-a"));
        operator.put(TinyModels.artifact("tiny-b"));
        operator.put(TinyModels.artifact("tiny-bad"));
        corrupt("tiny-bad");

        TaggingLoad load = TaggingLoad.start(haproxy.url(), CLIENTS);
        Thread.sleep(2_000);
        List<Answer> answers = load.stop();
        report("bundled model through HAProxy", answers);
        assertThat(TaggingLoad.failures(answers)).as("failed requests").isEmpty();
        assertThat(TaggingLoad.perModel(answers).keySet()).containsExactly(bundled);
        assertThat(TaggingLoad.perReplica(answers).keySet()).as("round robin over all three")
                .containsExactly(name(0), name(1), name(2));
    }

    @Test
    @Order(2)
    void anActivationThroughOneReplicaIsServedByAllThreeWithinTenSecondsAndNoRequestFails() throws Exception {
        String before = replicas[1].activeVersion();
        try (TaggingLoad load = TaggingLoad.start(haproxy.url(), CLIENTS)) {
            Thread.sleep(1_000);

            // Measured from the activation's answer: by then the store's pointer names tiny-a. The
            // request itself (download, checksums, load on that replica) takes what the machine allows.
            double requestedAt = load.now();
            HttpResponse<String> activated = replicas[0].admin("POST", "/admin/models/tiny-a/activate", null);
            assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
            double activatedAt = load.now();
            double[] servedAt = awaitEveryReplicaServes("tiny-a", load);
            double propagatedAt = IntStream.range(0, REPLICAS).mapToDouble(i -> servedAt[i]).max().orElseThrow();
            Thread.sleep(2_000);
            List<Answer> answers = load.stop();

            report("activation of tiny-a", answers);
            System.out.printf("clients that saw tiny-a and then the old version again (replicas swapping at different "
                    + "moments): %d of %d%n", clientsThatSawOldAfterNew(answers, "tiny-a"), CLIENTS);
            System.out.printf("activation through %s answered in %.0f ms; then served by %s after %.0f, %.0f, %.0f ms%n",
                    name(0), activatedAt - requestedAt, String.join(", ", names()), servedAt[0] - activatedAt,
                    servedAt[1] - activatedAt, servedAt[2] - activatedAt);
            assertThat(propagatedAt - activatedAt).as("ms until all three serve tiny-a")
                    .isLessThanOrEqualTo(PROPAGATION_LIMIT.toMillis());
            assertThat(TaggingLoad.failures(answers)).as("failed requests during the activation").isEmpty();
            assertThat(TaggingLoad.perModel(answers).keySet()).as("versions answers name").isSubsetOf(before, "tiny-a");
            List<Answer> afterPropagation = answers.stream().filter(answer -> answer.sentAt() > propagatedAt).toList();
            assertThat(afterPropagation).as("answers after propagation").isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.model()).as(answer.toString()).isEqualTo("tiny-a"));
            assertThat(TaggingLoad.perReplica(afterPropagation).keySet()).containsExactly(name(0), name(1), name(2));
            assertEachReplicaSwappedOnce(answers, before, "tiny-a");
        }
    }

    @Test
    @Order(3)
    void aReplicaKilledUnderLoadCostsNoRequestAndRestartedServesTheActiveVersion() throws Exception {
        String active = replicas[0].activeVersion();
        HaproxyProcess.ServerStats backendBefore = haproxy.backend();
        try (TaggingLoad load = TaggingLoad.start(haproxy.url(), CLIENTS)) {
            Thread.sleep(1_500);

            double killedAt = load.now();
            replicas[1].kill();
            assertThat(haproxy.awaitStatus(name(1), "DOWN", Duration.ofSeconds(5))).as("HAProxy takes it out").isTrue();
            double downAt = load.now();
            replicas[1] = replicas[1].startAgain(false);
            started.add(replicas[1]);
            replicas[1].awaitReady();
            double readyAt = load.now();
            assertThat(haproxy.awaitStatus(name(1), "UP", Duration.ofSeconds(5))).as("HAProxy puts it back").isTrue();
            double upAt = load.now();
            Thread.sleep(2_000);
            List<Answer> answers = load.stop();
            HaproxyProcess.ServerStats backendAfter = haproxy.backend();

            report("kill -9 of " + name(1), answers);
            System.out.printf("%s killed at %.0f ms, DOWN in HAProxy after %.0f ms, ready again after %.0f ms, UP after %.0f ms;"
                            + " HAProxy retried %d requests, redispatched %d%n", name(1), killedAt, downAt - killedAt,
                    readyAt - killedAt, upAt - killedAt, backendAfter.retries() - backendBefore.retries(),
                    backendAfter.redispatches() - backendBefore.redispatches());
            assertThat(TaggingLoad.failures(answers)).as("failed requests with a replica killed").isEmpty();
            List<Answer> servedByRestarted = answers.stream()
                    .filter(answer -> name(1).equals(answer.servedBy()) && answer.sentAt() > killedAt).toList();
            assertThat(servedByRestarted).as("answers from the restarted replica").isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.model()).as(answer.toString()).isEqualTo(active));
            assertThat(replicas[1].activeVersion()).isEqualTo(active);
        }
    }

    @Test
    @Order(4)
    void aRetrainIsOneJobClusterWideAndAKilledTrainersJobFailsWhenItsLeaseExpires() throws Exception {
        String active = replicas[0].activeVersion();
        TaggingLoad load = TaggingLoad.start(haproxy.url(), CLIENTS);
        try {
            HttpResponse<String> accepted = adminThroughHaproxy("POST", "/admin/retrain", retrainJson(200));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = HttpTestClient.json(accepted).get("id").asText();
            String location = "/admin/jobs/" + id;
            assertThat(accepted.headers().firstValue("Location")).hasValue(location);

            for (int i = 0; i < REPLICAS; i++) {
                HttpResponse<String> seen = replicas[i].admin("GET", location, null);
                assertThat(seen.statusCode()).as(name(i) + " sees job " + id + ": " + seen.body()).isEqualTo(200);
                assertThat(HttpTestClient.json(seen).get("id").asText()).isEqualTo(id);
                assertThat(HttpTestClient.json(seen).get("state").asText()).isIn(RUNNING);
            }
            HttpResponse<String> second = adminThroughHaproxy("POST", "/admin/retrain", retrainJson(1));
            assertThat(second.statusCode()).as("a second retrain through HAProxy: " + second.body()).isEqualTo(409);
            assertThat(second.headers().firstValue("Location")).hasValue(location);
            for (int i = 0; i < REPLICAS; i++) {
                HttpResponse<String> again = replicas[i].admin("POST", "/admin/retrain", retrainJson(1));
                assertThat(again.statusCode()).as("a second retrain through " + name(i) + ": " + again.body()).isEqualTo(409);
                assertThat(again.headers().firstValue("Location")).hasValue(location);
            }

            JsonNode running = awaitJob(replicas[0], id, job -> job.path("state").asText().equals("running")
                    && job.path("progress").path("batch").asInt() + job.path("epochs").size() > 0, Duration.ofSeconds(60));
            int trainer = replicaWithPid(running.path("replica").asText());
            double killedAt = load.now();
            // Started again in the next scenario, while the store is down: one JVM start fewer.
            replicas[trainer].kill();

            // Renewed while the job ran, the lease expires at most LEASE after the kill; the survivors then notice.
            int survivor = (trainer + 1) % REPLICAS;
            Duration failLimit = LEASE.plusSeconds(5).minusMillis(Math.round(load.now() - killedAt));
            JsonNode failed = awaitJob(replicas[survivor], id, job -> !RUNNING.contains(job.path("state").asText()),
                    failLimit);
            double failedAt = load.now();
            System.out.printf("training replica %s killed; job %s %s after %.0f ms: %s%n", name(trainer), id,
                    failed.path("state").asText(), failedAt - killedAt, failed.path("reason").asText());
            assertThat(failed.path("state").asText()).as(failed.toString()).isEqualTo("failed");
            assertThat(failed.path("reason").asText()).containsIgnoringCase("lease");
            for (int i = 0; i < REPLICAS; i++) {
                if (i != trainer) {
                    assertThat(replicas[i].job(id).path("state").asText()).as(name(i)).isEqualTo("failed");
                    assertThat(replicas[i].activeVersion()).as(name(i) + " still serves").isEqualTo(active);
                }
            }

            HttpResponse<String> retrain = adminThroughHaproxy("POST", "/admin/retrain", retrainJson(1));
            assertThat(retrain.statusCode()).as("a new retrain: " + retrain.body()).isEqualTo(202);
            String newId = HttpTestClient.json(retrain).get("id").asText();
            JsonNode done = awaitJob(replicas[survivor], newId, job -> !RUNNING.contains(job.path("state").asText()),
                    Duration.ofMinutes(2));
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
            double succeededAt = load.now();
            String trained = done.path("modelVersion").asText();
            List<Integer> survivors = IntStream.range(0, REPLICAS).filter(i -> i != trainer).boxed().toList();
            double[] servedAt = awaitReplicasServe(trained, survivors, load);
            System.out.printf("retrained %s served by %s and %s %.0f and %.0f ms after the job succeeded%n", trained,
                    name(survivors.get(0)), name(survivors.get(1)), servedAt[survivors.get(0)] - succeededAt,
                    servedAt[survivors.get(1)] - succeededAt);

            List<Answer> answers = load.stop();
            report("retrain, kill -9 of the trainer, retrain", answers);
            assertThat(TaggingLoad.failures(answers)).as("failed requests during the retrains").isEmpty();
        } finally {
            load.stop();
            cancelEveryJob();
        }
    }

    @Test
    @Order(5)
    void withTheStoreDownReplicasKeepTaggingRefuseAdminWritesAndFollowAgainOnceItIsBack() throws Exception {
        // The replica scenario 3 killed (or, if it killed none, one killed here) starts while the store is down.
        int starting = IntStream.range(0, REPLICAS).filter(i -> !replicas[i].isAlive()).findFirst().orElse(REPLICAS - 1);
        List<ServiceProcess> serving = IntStream.range(0, REPLICAS).filter(i -> i != starting)
                .mapToObj(i -> replicas[i]).toList();
        String active = serving.get(0).activeVersion();
        try (TaggingLoad load = TaggingLoad.start(haproxy.url(), CLIENTS)) {
            Thread.sleep(1_000);
            if (replicas[starting].isAlive()) {
                replicas[starting].kill();
            }
            s3.stop();
            double storeDownAt = load.now();
            try {
                replicas[starting] = replicas[starting].startAgain(false);
                started.add(replicas[starting]);
                for (ServiceProcess replica : serving) {
                    assertThat(await(() -> storeHealth(replica).path("status").asText().equals("DOWN"), Duration.ofSeconds(10)))
                            .as("the store shows DOWN in health").isTrue();
                    assertThat(replica.http.get("/actuator/health/readiness").statusCode()).as("readiness stays UP").isEqualTo(200);
                    assertThat(replica.http.get("/actuator/prometheus").body())
                            .containsPattern("(?m)^seqtag_store_up\\{[^}]*} 0\\.0$");
                }
                HttpResponse<String> activate = adminThroughHaproxy("POST", "/admin/models/tiny-b/activate", null);
                assertThat(activate.statusCode()).as(activate.body()).isEqualTo(503);
                assertThat(HttpTestClient.json(activate).get("detail").asText()).contains(BUCKET).contains("cannot be reached");
                HttpResponse<String> retrain = adminThroughHaproxy("POST", "/admin/retrain", retrainJson(1));
                assertThat(retrain.statusCode()).as(retrain.body()).isEqualTo(503);

                // A replica started while the store is down waits not-ready rather than serve
                // something the others may not; HAProxy keeps it out, so no client notices.
                ServiceProcess waiting = replicas[starting];
                assertThat(await(() -> waiting.http.get("/actuator/health/liveness").statusCode() == 200,
                        Duration.ofSeconds(90))).as("the restarted replica listens").isTrue();
                assertThat(await(() -> logs(waiting).contains("retries"), Duration.ofSeconds(30)))
                        .as("the restarted replica waits for the store").isTrue();
                assertThat(waiting.http.get("/actuator/health/readiness").statusCode()).as("not ready without the store")
                        .isEqualTo(503);
                assertThat(waiting.http.get("/actuator/health").body()).contains("cannot be reached");
                assertThat(haproxy.server(name(starting)).status()).as("HAProxy keeps it out").startsWith("DOWN");
                for (ServiceProcess replica : serving) {
                    assertThat(replica.activeVersion()).isEqualTo(active);
                }
            } finally {
                s3.start();
            }
            double storeBackAt = load.now();
            for (ServiceProcess replica : serving) {
                assertThat(await(() -> storeHealth(replica).path("status").asText().equals("UP"), Duration.ofSeconds(15)))
                        .as("polling resumes by itself").isTrue();
            }
            replicas[starting].awaitReady();
            assertThat(replicas[starting].activeVersion()).as("the replica that waited serves the active version")
                    .isEqualTo(active);
            assertThat(haproxy.awaitStatus(name(starting), "UP", Duration.ofSeconds(5))).isTrue();

            HttpResponse<String> again = adminThroughHaproxy("POST", "/admin/models/tiny-b/activate", null);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            double activatedAt = load.now();
            double[] servedAt = awaitEveryReplicaServes("tiny-b", load);
            double propagatedAt = IntStream.range(0, REPLICAS).mapToDouble(i -> servedAt[i]).max().orElseThrow();
            Thread.sleep(1_000);
            List<Answer> answers = load.stop();

            report("store down and back", answers);
            System.out.printf("store down for %.0f ms; then tiny-b activated through HAProxy, served by all three after %.0f ms%n",
                    storeBackAt - storeDownAt, propagatedAt - activatedAt);
            assertThat(propagatedAt - activatedAt).isLessThanOrEqualTo(PROPAGATION_LIMIT.toMillis());
            assertThat(TaggingLoad.failures(answers)).as("failed requests with the store down").isEmpty();
            assertThat(TaggingLoad.perModel(answers).keySet()).isSubsetOf(active, "tiny-b");
            assertEachReplicaSwappedOnce(answers, active, "tiny-b");
        }
    }

    @Test
    @Order(6)
    void aCorruptedVersionIsRefusedEverywhereAndNothingSwaps() throws Exception {
        String active = replicas[0].activeVersion();
        try (TaggingLoad load = TaggingLoad.start(haproxy.url(), CLIENTS)) {
            try {
                HttpResponse<String> throughApi = adminThroughHaproxy("POST", "/admin/models/tiny-bad/activate", null);
                assertThat(throughApi.statusCode()).as(throughApi.body()).isEqualTo(422);

                // Another writer points the store at the damaged version: every replica refuses it.
                operator.setActiveVersion("tiny-bad");
                for (ServiceProcess replica : replicas) {
                    assertThat(await(() -> logs(replica).contains("model tiny-bad named by the active pointer"),
                            Duration.ofSeconds(10))).as("every replica tried the pointer's version and refused it").isTrue();
                }
                Thread.sleep(2_000);
                for (ServiceProcess replica : replicas) {
                    assertThat(replica.activeVersion()).isEqualTo(active);
                    assertThat(logs(replica)).contains("ERROR");
                }
            } finally {
                operator.setActiveVersion(active);
            }
            List<Answer> answers = load.stop();
            report("a corrupted version named by the pointer", answers);
            assertThat(TaggingLoad.failures(answers)).as("failed requests").isEmpty();
            assertThat(TaggingLoad.perModel(answers).keySet()).as("nothing swapped").containsExactly(active);
        }
    }

    /**
     * Each replica swaps once: none answers with the old version after it has answered with the new
     * one (per client the order can interleave, since round robin visits replicas that follow the
     * store at different moments).
     */
    private void assertEachReplicaSwappedOnce(List<Answer> answers, String oldVersion, String newVersion) {
        for (String replica : names()) {
            Optional<Double> firstNew = answers.stream()
                    .filter(answer -> replica.equals(answer.servedBy()) && newVersion.equals(answer.model()))
                    .map(Answer::answeredAt).min(Double::compare);
            firstNew.ifPresent(swappedBy -> assertThat(answers)
                    .filteredOn(answer -> replica.equals(answer.servedBy()) && oldVersion.equals(answer.model()))
                    .as(replica + " answered " + oldVersion + " after it had answered " + newVersion)
                    .allSatisfy(answer -> assertThat(answer.sentAt()).as(answer.toString()).isLessThan(swappedBy)));
        }
    }

    private static long clientsThatSawOldAfterNew(List<Answer> answers, String newVersion) {
        return IntStream.range(0, CLIENTS).filter(client -> {
            boolean sawNew = false;
            for (Answer answer : answers) {
                if (answer.client() == client) {
                    if (newVersion.equals(answer.model())) {
                        sawNew = true;
                    } else if (sawNew) {
                        return true;
                    }
                }
            }
            return false;
        }).count();
    }

    /** Polls every replica's {@code GET /model}; returns when each one named the version (ms on the load's clock). */
    private double[] awaitEveryReplicaServes(String version, TaggingLoad load) throws InterruptedException {
        return awaitReplicasServe(version, IntStream.range(0, REPLICAS).boxed().toList(), load);
    }

    /** As {@link #awaitEveryReplicaServes} for some replicas; the others' entries stay 0. */
    private double[] awaitReplicasServe(String version, List<Integer> which, TaggingLoad load) throws InterruptedException {
        double[] servedAt = new double[REPLICAS];
        long deadline = System.nanoTime() + PROPAGATION_LIMIT.toNanos();
        int serving = 0;
        while (serving < which.size() && System.nanoTime() < deadline) {
            for (int i : which) {
                if (servedAt[i] == 0 && replicas[i].activeVersion().equals(version)) {
                    servedAt[i] = load.now();
                    serving++;
                }
            }
            Thread.sleep(50);
        }
        for (int i : which) {
            assertThat(servedAt[i]).as(name(i) + " serves " + version + " within " + PROPAGATION_LIMIT).isPositive();
        }
        return servedAt;
    }

    private JsonNode awaitJob(ServiceProcess replica, String id, java.util.function.Predicate<JsonNode> condition,
                              Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode job = replica.job(id);
        while (!condition.test(job)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " on " + replica.port() + " not as expected within " + timeout
                        + ": " + job);
            }
            Thread.sleep(100);
            job = replica.job(id);
        }
        return job;
    }

    /** The index of the replica a job's {@code replica} field ({@code <pid>@<host>}) names. */
    private int replicaWithPid(String replica) {
        assertThat(replica).as("the job names the replica that trains it").matches("\\d+@.+");
        long pid = Long.parseLong(replica.substring(0, replica.indexOf('@')));
        for (int i = 0; i < REPLICAS; i++) {
            if (replicas[i].pid() == pid) {
                return i;
            }
        }
        throw new AssertionError("no replica has pid " + pid + " (the job says " + replica + ")");
    }

    /**
     * Leaves no job running on any live replica whatever happened (each asked to cancel what it
     * lists), so the next scenarios do not share the cores with a training run.
     */
    private void cancelEveryJob() throws Exception {
        List<ServiceProcess> alive = Stream.of(replicas).filter(ServiceProcess::isAlive).toList();
        for (ServiceProcess replica : alive) {
            for (JsonNode job : HttpTestClient.json(replica.admin("GET", "/admin/jobs", null)).path("jobs")) {
                if (RUNNING.contains(job.path("state").asText())) {
                    replica.admin("DELETE", "/admin/jobs/" + job.path("id").asText(), null);
                }
            }
        }
        for (ServiceProcess replica : alive) {
            assertThat(await(() -> noJobRuns(replica), Duration.ofSeconds(60))).as("jobs cancelled").isTrue();
        }
    }

    private static boolean noJobRuns(ServiceProcess replica) {
        for (JsonNode job : HttpTestClient.json(replica.admin("GET", "/admin/jobs", null)).path("jobs")) {
            if (RUNNING.contains(job.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    private HttpResponse<String> adminThroughHaproxy(String method, String path, String json) {
        HttpRequest.Builder request = haproxy.http.request(path)
                .header("Authorization", "Bearer " + ServiceProcess.ADMIN_TOKEN);
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return haproxy.http.send(request);
    }

    /** A forced retrain on the tiny fixtures; with many epochs (and as much patience) it runs for minutes. */
    private static String retrainJson(int epochs) {
        return "{\"config\": {\"epochs\": " + epochs + ", \"patience\": " + epochs + "}, \"force\": true"
                + ", \"trainConll\": " + HttpTestClient.jsonString(TinyModels.fixtureText("tiny-train.conll"))
                + ", \"validConll\": " + HttpTestClient.jsonString(TinyModels.fixtureText("tiny-valid.conll")) + "}";
    }

    private ServiceProcess replica(int index, boolean awaitReady) throws Exception {
        List<String> arguments = List.of(
                "--seqtag.store.type=s3",
                "--seqtag.store.s3.bucket=" + BUCKET,
                "--seqtag.store.s3.endpoint=" + s3.endpoint(),
                "--seqtag.store.s3.path-style=true",
                "--seqtag.store.poll-interval=1s",
                "--seqtag.store.retry-delay=1s",
                "--seqtag.training.lease-duration=" + LEASE.toSeconds() + "s");
        Map<String, String> credentials = Map.of(
                "AWS_ACCESS_KEY_ID", s3.accessKey(),
                "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
                "AWS_REGION", "us-east-1");
        ServiceProcess process = ServiceProcess.start(work.resolve("cache-" + name(index)), work, null, arguments,
                credentials, awaitReady);
        started.add(process);
        return process;
    }

    private static String name(int index) {
        return "replica-" + (index + 1);
    }

    private static List<String> names() {
        return IntStream.range(0, REPLICAS).mapToObj(ReplicasIT::name).toList();
    }

    private static void report(String scenario, List<Answer> answers) {
        System.out.printf("%s: %d requests through HAProxy from %d clients, %d failed; per replica %s; per model %s%n",
                scenario, answers.size(), CLIENTS, TaggingLoad.failures(answers).size(), TaggingLoad.perReplica(answers),
                TaggingLoad.perModel(answers));
        TaggingLoad.failures(answers).stream().limit(20).forEach(failure -> System.out.println("  failed: " + failure));
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
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (UncheckedIOException notAnsweringYet) {
                // a replica that is starting: try again
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
