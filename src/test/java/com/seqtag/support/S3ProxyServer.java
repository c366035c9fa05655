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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real S3 server for tests: S3Proxy (filesystem backend) in a separate JVM, on a free loopback
 * port, with its data in a temporary directory. {@link #stop()} kills it, as a store that went
 * down; {@link #start()} brings it back on the same port with the same data.
 *
 * <p>The jar is copied to {@code target/s3proxy/s3proxy.jar} by the build
 * ({@code maven-dependency-plugin} in {@code generate-test-resources}); without it this fails,
 * never skips.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** The access key S3Proxy accepts. */
    public static final String ACCESS_KEY = "seqtag-test-identity";
    /** The secret key S3Proxy accepts. */
    public static final String SECRET_KEY = "seqtag-test-credential";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path jar;
    private final Path directory;
    private final Path data;
    private final Path log;
    private final int port;
    private Process process;

    private S3ProxyServer(Path jar, Path directory, int port) {
        this.jar = jar;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.log = directory.resolve("s3proxy.log");
        this.port = port;
    }

    /** Starts a server with no buckets. */
    public static S3ProxyServer start(Path directory) {
        Path jar = jar();
        try {
            Files.createDirectories(directory.resolve("data"));
            S3ProxyServer server = new S3ProxyServer(jar, directory, freePort());
            server.writeProperties();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The S3Proxy jar, or an error saying how to get it. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("seqtag.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy is not at " + jar.toAbsolutePath() + ": the build copies it there in"
                    + " generate-test-resources; run ./mvnw -B generate-test-resources (or any later phase) first");
        }
        return jar;
    }

    /** Starts the server (again), on the same port and data, and waits until it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-jar", jar.toAbsolutePath().toString(),
                "--properties", directory.resolve("s3proxy.properties").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy with " + java, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; its output:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("S3Proxy did not answer on port " + port + " within " + START_TIMEOUT
                        + "; its output:\n" + tail());
            }
            sleep(100);
        }
    }

    /** Kills the server, as a store that went down; its data stays for {@link #start()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory: what is left is removed with it.
        }
    }

    /** Creates a bucket: with the filesystem backend, a directory under the data directory. */
    public void createBucket(String name) {
        try {
            Files.createDirectories(data.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where S3Proxy keeps {@code key} of {@code bucket}, to damage an object behind the server's back. */
    public Path objectFile(String bucket, String key) {
        return data.resolve(bucket).resolve(key);
    }

    /** The server's URL, such as {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** Credentials the server accepts. */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    private void writeProperties() throws IOException {
        List<String> properties = List.of(
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data.toAbsolutePath());
        Files.write(directory.resolve("s3proxy.properties"), properties, StandardCharsets.UTF_8);
    }

    /** Whether anything answers HTTP on the port (S3Proxy answers an unsigned request with 403). */
    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() > 0;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
        }
    }
}
