package com.seqtag.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.TinyModels;
import com.seqtag.training.TrainingPlan;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;

/**
 * The Docker image as users run it: built from the repository's Dockerfile (target {@code prebuilt},
 * which packs the {@code target/seqtag.jar} that {@code package} just built, so no Maven runs inside
 * Docker), started with a memory limit and the admin token in a secret file; it must become ready,
 * tag text, retrain through the admin API onto a named volume, and serve the retrained model again
 * from a new container on the same volume (a restart or an upgrade).
 *
 * <p>Runs with Maven Failsafe in {@code verify}. Without Docker the test is skipped, unless
 * {@code SEQTAG_REQUIRE_CONTAINER_TESTS=true} (CI), where it fails. Host networking only, as on the
 * CI machines (docs/deploying.md): each container gets a free {@code SERVER_PORT}.
 */
class ContainerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "container-it-" + UUID.randomUUID();
    private static final String TOKEN_FILE = "/run/secrets/seqtag_admin_token";
    private static final String MODEL_DIR = "/var/lib/seqtag/models";
    private static final long MEMORY_LIMIT = 3L << 30;
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private static String imageName;
    private static ImageFromDockerfile image;
    private static String volume;

    @BeforeAll
    static void dockerAndImage() {
        boolean required = "true".equalsIgnoreCase(System.getenv("SEQTAG_REQUIRE_CONTAINER_TESTS"));
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
        }
        if (!available) {
            String why = "no Docker engine reachable (start one: bash ../shared/tools/docker-sandbox.sh)";
            if (required) {
                fail("SEQTAG_REQUIRE_CONTAINER_TESTS=true but " + why);
            }
            Assumptions.abort(why + "; set SEQTAG_REQUIRE_CONTAINER_TESTS=true to make this a failure");
        }

        Path base = Path.of(System.getProperty("seqtag.basedir", "")).toAbsolutePath();
        Path jar = base.resolve("target/seqtag.jar");
        assertThat(jar).as("the jar `package` builds, packed by the Dockerfile's prebuilt target").isRegularFile();
        // A tag of its own: engineers sharing one Docker engine must not run each other's image.
        // Removed in removeImageAndVolume (deleteOnExit does nothing with Ryuk off).
        imageName = "seqtag-container-it:" + System.getProperty("api.version", "dev")
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        image = new ImageFromDockerfile(imageName, false)
                .withDockerfile(base.resolve("Dockerfile"))
                .withTarget("prebuilt")
                .withBuildArg("BUILD_IMAGE", setting("DOCKER_SANDBOX_BUILD_IMAGE", "eclipse-temurin:17-jdk-jammy"))
                // A plain glibc base: the image brings its own jlinked Java runtime.
                .withBuildArg("RUNTIME_IMAGE", setting("DOCKER_SANDBOX_BASE_IMAGE", "debian:bookworm-slim"))
                .withBuildImageCmdModifier(cmd -> cmd.withNetworkMode("host"));
        volume = "seqtag-container-it-" + UUID.randomUUID();
    }

    @AfterAll
    static void removeImageAndVolume() {
        if (volume == null || !DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        try {
            DockerClientFactory.instance().client().removeVolumeCmd(volume).exec();
        } catch (RuntimeException e) {
            System.err.println("ContainerIT: could not remove volume " + volume + ": " + e.getMessage());
        }
        try {
            DockerClientFactory.instance().client().removeImageCmd(imageName).exec();
        } catch (RuntimeException e) {
            System.err.println("ContainerIT: could not remove image " + imageName + ": " + e.getMessage());
        }
    }

    @Test
    void imageServesRetrainsAndKeepsTheRetrainedModelAcrossARestart() throws Exception {
        String bundled;
        String retrained;
        try (GenericContainer<?> first = service()) {
            int port = start(first);
            HttpTestClient http = new HttpTestClient(port);
            bundled = activeVersion(http);

            JsonNode tagged = tag(http, "Angela Merkel visited Paris.");
            assertThat(tagged.get("model").asText()).isEqualTo(bundled);
            assertThat(labels(tagged)).containsSubsequence("B-PER", "I-PER", "O", "B-LOC");
            assertThat(http.get("/actuator/prometheus").body()).contains("application=\"seqtag\"");
            // OpenAPI and Swagger UI: reflection over the API (java.beans, java.desktop) in the jlinked runtime.
            assertThat(http.get("/v3/api-docs").body()).contains("\"/tag\"");
            assertThat(http.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);

            retrained = retrain(http);
            assertThat(retrained).isNotEqualTo(bundled);
            assertThat(activeVersion(http)).isEqualTo(retrained);
            assertThat(first.execInContainer("ls", MODEL_DIR).getStdout())
                    .contains("ACTIVE", retrained + ".seqtag");
            assertThat(first.getLogs()).contains("admin token read from " + TOKEN_FILE);
            assertThat(first.execInContainer("id", "-u").getStdout().trim()).as("not root").isEqualTo("10001");
        }

        // The first container is gone (stopped and removed); a new one mounts the same volume.
        try (GenericContainer<?> second = service()) {
            HttpTestClient http = new HttpTestClient(start(second));
            assertThat(activeVersion(http)).as("the retrained model is still active").isEqualTo(retrained);
            assertThat(tag(http, "Anna Berg visited Oslo.").get("model").asText()).isEqualTo(retrained);
            JsonNode models = HttpTestClient.json(http.send(http.request("/admin/models")
                    .header("Authorization", "Bearer " + TOKEN).GET()));
            assertThat(models.get("active").asText()).isEqualTo(retrained);
        }
    }

    /** A container of the image with host networking, a memory limit, the token file and the volume. */
    private static GenericContainer<?> service() throws IOException {
        int port = freePort();
        return new GenericContainer<>(image)
                .withNetworkMode("host")
                .withEnv("SERVER_PORT", Integer.toString(port))
                .withEnv("SEQTAG_ADMIN_TOKEN_FILE", TOKEN_FILE)
                .withCopyToContainer(Transferable.of(TOKEN, 0644), TOKEN_FILE)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withMemory(MEMORY_LIMIT)
                        .withBinds(new Bind(volume, new Volume(MODEL_DIR))))
                // Wait.forHttp(..).forPort fails with host networking ("port not mapped"): poll localhost.
                .waitingFor(new ReadinessOnLocalhost(port).withStartupTimeout(STARTUP));
    }

    /** Starts a container and answers its port; on failure, shows the container's log. */
    private static int start(GenericContainer<?> container) {
        int port = Integer.parseInt(container.getEnvMap().get("SERVER_PORT"));
        Instant begin = Instant.now();
        try {
            container.start();
        } catch (RuntimeException e) {
            String logs = container.getContainerId() == null ? "(no container)" : container.getLogs();
            throw new AssertionError("container did not become ready; its log:\n" + tail(logs), e);
        }
        System.out.printf("ContainerIT: ready on port %d in %.1f s%n", port,
                Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        return port;
    }

    /** A small forced retrain on the invented fixtures; answers the new active version. */
    private static String retrain(HttpTestClient http) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>(new TrainingPlan(TinyModels.CONFIG, TinyModels.TRAINING).asMap());
        config.put("epochs", 3);
        Map<String, Object> request = Map.of(
                "config", config,
                "trainConll", TinyModels.fixtureText("tiny-train.conll"),
                "validConll", TinyModels.fixtureText("tiny-valid.conll"),
                // The bundled model beats a 3-epoch toy on any data; promotion is what is tested here.
                "force", true);
        HttpResponse<String> accepted = http.send(http.request("/admin/retrain")
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = HttpTestClient.json(accepted).get("id").asText();

        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        JsonNode job;
        do {
            Thread.sleep(500);
            job = HttpTestClient.json(http.send(http.request("/admin/jobs/" + id)
                    .header("Authorization", "Bearer " + TOKEN).GET()));
        } while (Set.of("queued", "running").contains(job.get("state").asText()) && Instant.now().isBefore(deadline));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        return job.get("modelVersion").asText();
    }

    private static String activeVersion(HttpTestClient http) {
        HttpResponse<String> model = http.get("/model");
        assertThat(model.statusCode()).as(model.body()).isEqualTo(200);
        return HttpTestClient.json(model).get("version").asText();
    }

    private static JsonNode tag(HttpTestClient http, String text) throws IOException {
        HttpResponse<String> response = http.postJson("/tag", JSON.writeValueAsString(Map.of("text", text)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpTestClient.json(response);
    }

    private static List<String> labels(JsonNode tagged) {
        return tagged.get("tokens").findValuesAsText("label");
    }

    private static String setting(String environmentVariable, String fallback) {
        String value = System.getenv(environmentVariable);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(String logs) {
        List<String> lines = logs.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Ready when GET localhost:port/actuator/health/readiness answers 200 (host networking). */
    private static final class ReadinessOnLocalhost extends AbstractWaitStrategy {

        private final int port;

        ReadinessOnLocalhost(int port) {
            this.port = port;
        }

        @Override
        protected void waitUntilReady() {
            HttpTestClient http = new HttpTestClient(port);
            Instant deadline = Instant.now().plus(startupTimeout);
            while (Instant.now().isBefore(deadline)) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new IllegalStateException("container exited before it was ready");
                }
                try {
                    if (http.get("/actuator/health/readiness").statusCode() == 200) {
                        return;
                    }
                } catch (RuntimeException notListeningYet) {
                    // connection refused until Tomcat is up
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("not ready on localhost:" + port + " within " + startupTimeout);
        }
    }
}
