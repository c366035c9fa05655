package com.seqtag.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's {@code /usr/sbin/haproxy}) as a separate process in front of service
 * processes on loopback, with a configuration generated from {@code docker/haproxy/haproxy.cfg}'s
 * choices. Fails, never skips, when HAProxy is missing or does not start.
 *
 * <p>The production configuration is mirrored in what matters for the clients: round robin over
 * the replicas whose readiness probe answers 200, the same retry and redispatch rules (so a request
 * that meets a dead replica is sent to another one), {@code /admin} never retried once it reached
 * a replica, and the same timeouts. What differs: fixed 127.0.0.1 ports instead of DNS names, much
 * faster health checks (a test cannot wait 4 s for a replica to go in or out), and a response
 * header {@code X-Served-By} naming the server that answered, so a test knows which replica served
 * each request. Its statistics (per server: status, retries, redispatches) are read from the stats
 * page's CSV.
 */
public final class HaproxyProcess implements AutoCloseable {

    /** The response header naming the server (replica) that answered. */
    public static final String SERVED_BY = "X-Served-By";

    private static final Path BINARY = Path.of(System.getProperty("seqtag.haproxy", "/usr/sbin/haproxy"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path log;
    private final int port;
    private final int statsPort;
    /** A client of the frontend: every request goes through HAProxy to one of the replicas. */
    public final HttpTestClient http;

    private HaproxyProcess(Process process, Path log, int port, int statsPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.statsPort = statsPort;
        this.http = new HttpTestClient(port);
    }

    /**
     * Writes the configuration into {@code directory} and starts HAProxy in the foreground on a free
     * loopback port, balancing over {@code servers} (server name to port on 127.0.0.1, in order).
     *
     * @throws IllegalStateException when the binary is missing, the configuration is refused, or it
     *                               does not answer within 20 s
     */
    public static HaproxyProcess start(Path directory, Map<String, Integer> servers) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("HAProxy is not at " + BINARY + ": install Debian's package "
                    + "(apt-get install haproxy; .ci/run does) or point -Dseqtag.haproxy at the binary");
        }
        try {
            Files.createDirectories(directory);
            int port = freePort();
            int statsPort = freePort();
            Path config = directory.resolve("haproxy.cfg");
            Files.writeString(config, configuration(port, statsPort, servers), StandardCharsets.UTF_8);
            Path log = directory.resolve("haproxy.log");
            check(config, log);
            // -db: foreground, no daemon, so the process is the one this object kills.
            Process process = new ProcessBuilder(BINARY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            HaproxyProcess haproxy = new HaproxyProcess(process, log, port, statsPort);
            haproxy.awaitAnswering();
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
    }

    /** The configuration: docker/haproxy/haproxy.cfg with loopback ports, fast checks and X-Served-By. */
    static String configuration(int port, int statsPort, Map<String, Integer> servers) {
        StringBuilder config = new StringBuilder("""
                global
                    log stdout format raw local0 info
                    maxconn 1024

                defaults
                    mode http
                    log global
                    option dontlognull
                    # Only requests that went wrong are logged (a retry, a redispatch, a 5xx): the load
                    # generator sends thousands of good ones.
                    option dontlog-normal
                    option forwardfor
                    # As docker/haproxy/haproxy.cfg: a request that meets a dead replica (refused, closed
                    # without an answer, no answer) is retried up to 3 times, each on another replica; the
                    # body is received before a replica is chosen, so a small POST /tag is sent, and kept
                    # for the retry, whole.
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response response-timeout
                    option http-buffer-request
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout http-request 10s
                    timeout http-keep-alive 10s
                    timeout queue 10s
                    timeout check 3s

                frontend seqtag
                    bind 127.0.0.1:%d
                    option httplog
                    default_backend seqtag

                backend seqtag
                    balance roundrobin
                    option httpchk GET /actuator/health/readiness
                    http-check expect status 200
                    http-request disable-l7-retry if { path_beg /admin }
                    http-response set-header %s %%[srv_name]
                    # Production checks every 2 s; here every 500 ms, out after 2 failures, in after 1 success.
                    default-server check inter 500ms fastinter 250ms downinter 500ms fall 2 rise 1 observe layer4 error-limit 1 on-error fastinter
                """.formatted(port, SERVED_BY));
        servers.forEach((name, serverPort) ->
                config.append("    server ").append(name).append(" 127.0.0.1:").append(serverPort).append('\n'));
        config.append("""

                frontend stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /
                    no log
                """.formatted(statsPort));
        return config.toString();
    }

    /** The port clients send to. */
    public int port() {
        return port;
    }

    /** The frontend's URL, such as {@code http://127.0.0.1:41234}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** HAProxy's view of one backend server at this moment (from the stats page's CSV). */
    public ServerStats server(String name) {
        ServerStats stats = servers().get(name);
        if (stats == null) {
            throw new IllegalArgumentException("no server " + name + " in HAProxy's statistics " + servers().keySet());
        }
        return stats;
    }

    /** HAProxy's view of the backend as a whole: its status and every retry and redispatch so far. */
    public ServerStats backend() {
        return servers().get("BACKEND");
    }

    /** Waits until HAProxy reports {@code status} (UP, DOWN, ...) for the server. */
    public boolean awaitStatus(String name, String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (server(name).status().equals(status)) {
                return true;
            }
            Thread.sleep(100);
        }
        return server(name).status().equals(status);
    }

    /** What HAProxy logged so far (requests that went wrong, server state changes). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /**
     * One row of the statistics.
     *
     * @param status      UP, DOWN, MAINT, ... ("UP 1/2" while changing state)
     * @param retries     requests retried on this server or backend ({@code wretr})
     * @param redispatches requests sent to another server after a failure ({@code wredis})
     * @param sessions    requests (sessions) sent to it in all ({@code stot})
     */
    public record ServerStats(String status, long retries, long redispatches, long sessions) {
    }

    private Map<String, ServerStats> servers() {
        String csv = fetch("/;csv");
        List<String> lines = csv.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
            throw new IllegalStateException("not HAProxy's stats CSV: " + csv);
        }
        List<String> header = Arrays.asList(lines.get(0).substring(2).split(",", -1));
        Map<String, ServerStats> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size() && i < fields.length; i++) {
                row.put(header.get(i), fields[i]);
            }
            if ("seqtag".equals(row.get("pxname"))) {
                rows.put(row.get("svname"), new ServerStats(row.get("status"), number(row.get("wretr")),
                        number(row.get("wredis")), number(row.get("stot"))));
            }
        }
        return rows;
    }

    private static long number(String field) {
        return field == null || field.isEmpty() ? 0 : Long.parseLong(field);
    }

    private String fetch(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + statsPort + path)
                    .toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            try {
                if (connection.getResponseCode() != 200) {
                    throw new IllegalStateException("HAProxy's stats page answered " + connection.getResponseCode());
                }
                return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("HAProxy's stats page on port " + statsPort + " does not answer", e);
        }
    }

    /** {@code haproxy -c}: a refused configuration fails here with HAProxy's own message. */
    private static void check(Path config, Path log) throws IOException {
        Process check = new ProcessBuilder(BINARY.toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!check.waitFor(20, TimeUnit.SECONDS) || check.exitValue() != 0) {
                throw new IllegalStateException("HAProxy refuses " + config + ":\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + config, e);
        }
        Files.writeString(log, output, StandardCharsets.UTF_8);
    }

    private void awaitAnswering() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("HAProxy exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (!servers().isEmpty() && frontendAccepts()) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("HAProxy did not answer on ports " + port + " and " + statsPort
                        + " within " + START_TIMEOUT + ":\n" + log());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for HAProxy", e);
            }
        }
    }

    private boolean frontendAccepts() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
