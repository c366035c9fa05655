package com.seqtag.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/seqtag.jar}) as a separate process, so a test can kill it
 * with SIGKILL and start it again on the same model directory. Optionally the model directory is
 * a small tmpfs in a private mount namespace ({@code unshare}), to run out of disk for real.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The admin token every process gets. */
    public static final String ADMIN_TOKEN = "fault-test-token";

    private final Process process;
    private final Path log;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logDir;
    /** A client of this process. */
    public final HttpTestClient http;

    private ServiceProcess(Process process, Path log, int port, List<String> command, Map<String, String> environment,
                           Path logDir) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.command = command;
        this.environment = environment;
        this.logDir = logDir;
        this.http = new HttpTestClient(port);
    }

    /** Starts the jar on a free port with {@code modelDir} and waits until it is ready. */
    public static ServiceProcess start(Path modelDir, Path logDir) throws IOException, InterruptedException {
        return start(modelDir, logDir, null);
    }

    /**
     * Starts the jar; when {@code tmpfsSize} is set (e.g. "1m"), {@code modelDir} is first mounted as
     * a tmpfs of that size visible only to the service.
     */
    public static ServiceProcess start(Path modelDir, Path logDir, String tmpfsSize)
            throws IOException, InterruptedException {
        return start(modelDir, logDir, tmpfsSize, List.of(), Map.of(), true);
    }

    /**
     * Starts the jar with more arguments ({@code --seqtag.store.type=s3}, ...) and environment
     * variables (credentials), waiting until it is ready when {@code awaitReady} says so.
     */
    public static ServiceProcess start(Path modelDir, Path logDir, String tmpfsSize, List<String> arguments,
                                       Map<String, String> environment, boolean awaitReady)
            throws IOException, InterruptedException {
        int port = freePort();
        Path jar = Path.of(System.getProperty("seqtag.jar", "target/seqtag.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run after `package` (mvn verify)");
        }
        List<String> command = new ArrayList<>();
        if (tmpfsSize != null) {
            // A user and mount namespace of its own: no root needed, and the host sees nothing.
            command.addAll(List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                    "mount -t tmpfs -o size=" + tmpfsSize + " tmpfs \"$0\" && exec \"$@\"", modelDir.toString()));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString(),
                "--server.port=" + port,
                "--seqtag.model-dir=" + modelDir,
                "--seqtag.admin.token=" + ADMIN_TOKEN));
        command.addAll(arguments);
        Files.createDirectories(modelDir);
        return launch(List.copyOf(command), Map.copyOf(environment), logDir, port, awaitReady);
    }

    /**
     * Starts this service's command line again (same port, model directory and arguments), as a
     * process manager restarting it after a crash; a load balancer that knows the port finds it.
     */
    public ServiceProcess startAgain(boolean awaitReady) throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("process " + process.pid() + " on port " + port + " is still running");
        }
        return launch(command, environment, logDir, port, awaitReady);
    }

    private static ServiceProcess launch(List<String> command, Map<String, String> environment, Path logDir, int port,
                                         boolean awaitReady) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path log = Files.createTempFile(logDir, "service-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().putAll(environment);
        ServiceProcess service = new ServiceProcess(builder.start(), log, port, command, environment, logDir);
        if (awaitReady) {
            service.awaitReady();
        }
        return service;
    }

    /** Waits up to 120 s for readiness; fails with the log when the process exits or stays not-ready. */
    public void awaitReady() throws InterruptedException, IOException {
        awaitReady(Duration.ofSeconds(120));
    }

    /** Waits up to {@code timeout} for readiness; fails with the log when the process exits or stays not-ready. */
    public void awaitReady(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (http.awaitReady(Duration.ofMillis(500))) {
                    return;
                }
            } catch (java.io.UncheckedIOException notListeningYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the service was not ready within " + timeout + ":\n" + log());
    }

    /** SIGKILL: no shutdown hook, no flush, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The port the service listens on. */
    public int port() {
        return port;
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the service logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** An admin request with the token; {@code json} may be null. */
    public HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder request = http.request(path).header("Authorization", "Bearer " + ADMIN_TOKEN);
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request);
    }

    /** The admin view of a job. */
    public JsonNode job(String id) {
        return HttpTestClient.json(admin("GET", "/admin/jobs/" + id, null));
    }

    /** The version {@code GET /model} names. */
    public String activeVersion() {
        return HttpTestClient.json(http.get("/model")).get("version").asText();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
