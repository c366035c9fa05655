package com.seqtag.spark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine for the tests: a master and two one-core workers, each
 * its own JVM over the module's Spark jars, and {@code spark-submit} of {@code seqtag-spark.jar} as
 * one more JVM (the driver, in client mode) per job.
 */
public final class StandaloneCluster implements AutoCloseable {

    /** Workers started, one core each: the cluster runs two executors, one per worker. */
    public static final int WORKERS = 2;

    /** Two cores shared with other work: the master and two workers may take a while to come up. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** A job that has not finished by then hangs; its logs say where. */
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int TAIL_LINES = 40;
    private static final Pattern APP_ID = Pattern.compile("Connected to Spark cluster with app ID (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path sparkHome;
    private final Path sparkJar;
    private final List<String> opens;
    private final Path logDir;
    private final int port;
    private final int webUiPort;
    private final List<Path> workDirs = new ArrayList<>();
    private final List<Path> daemonLogs = new ArrayList<>();
    /** Every process started, in order: master, workers, then the drivers. */
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Closes the cluster if the test JVM is stopped before {@link #close()}: no Spark JVM outlives it. */
    private final Thread shutdownHook = new Thread(this::stopAll, "standalone-cluster-shutdown");
    private int submitted;

    private StandaloneCluster(Path sparkHome, Path sparkJar, List<String> opens, Path logDir) throws IOException {
        this.sparkHome = sparkHome;
        this.sparkJar = sparkJar;
        this.opens = opens;
        this.logDir = logDir;
        this.port = freePort();
        this.webUiPort = freePort();
    }

    /**
     * Starts the master and the workers and waits until both workers are registered; fails with the
     * logs' tails when they are not within three minutes. The logs go to {@code target/cluster-logs}.
     */
    public static StandaloneCluster start() throws IOException, InterruptedException {
        Path sparkHome = existing("seqtag.spark.home", "jars");
        Path sparkJar = existing("seqtag.spark.jar", null);
        String opens = System.getProperty("seqtag.spark.opens");
        if (opens == null || opens.isBlank()) {
            throw new IllegalStateException("system property seqtag.spark.opens is not set (failsafe sets it from"
                    + " spark/pom.xml's spark.java.opens)");
        }
        // Beside the Spark home, in the module's target: the latest run's logs stay for a look after a failure.
        Path logDir = sparkHome.getParent().resolve("cluster-logs");
        deleteRecursively(logDir);
        Files.createDirectories(logDir);
        StandaloneCluster cluster = new StandaloneCluster(sparkHome, sparkJar,
                List.of(opens.trim().split("\\s+")), logDir);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.startDaemons();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startDaemons() throws IOException, InterruptedException {
        daemon("master", "256m", List.of("org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(webUiPort)));
        for (int i = 1; i <= WORKERS; i++) {
            // A work directory each, rather than the shared SPARK_HOME/work: each executor's logs show which
            // worker ran it.
            Path workDir = Files.createDirectories(logDir.resolve("worker-" + i + "-work"));
            workDirs.add(workDir);
            daemon("worker-" + i, "256m", List.of("org.apache.spark.deploy.worker.Worker", masterUrl(),
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                    "--webui-port", Integer.toString(freePort()), "--work-dir", workDir.toString()));
        }
        awaitWorkers();
    }

    private void daemon(String name, String heap, List<String> mainAndArguments) throws IOException {
        Path log = logDir.resolve(name + ".log");
        daemonLogs.add(log);
        ProcessBuilder builder = new ProcessBuilder(javaCommand(heap, mainAndArguments))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        environment(builder);
        processes.add(builder.start());
    }

    private void awaitWorkers() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < processes.size(); i++) {
                if (!processes.get(i).isAlive()) {
                    throw new IllegalStateException("the " + daemonLogs.get(i).getFileName().toString().replace(".log", "")
                            + " JVM exited with " + processes.get(i).exitValue() + " before both workers registered\n"
                            + daemonLogTails());
                }
            }
            try {
                int alive = status().path("aliveworkers").asInt(-1);
                if (alive == WORKERS) {
                    return;
                }
                last = alive + " alive workers";
            } catch (IOException | UncheckedIOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the standalone cluster did not have " + WORKERS + " alive workers within "
                + START_TIMEOUT.toSeconds() + " s (last: " + last + ")\n" + daemonLogTails());
    }

    /** The master's URL, {@code spark://127.0.0.1:<port>}. */
    public String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The master's state as its web UI's {@code /json/} reports it: workers, active and completed applications. */
    public JsonNode status() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + webUiPort + "/json/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("master web UI: HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** Where the master's, the workers' and the jobs' logs go: {@code spark/target/cluster-logs}. */
    public Path logDir() {
        return logDir;
    }

    /** Worker {@code worker}'s (1 or 2) work directory: a folder per application, an executor's logs in each. */
    public Path workDir(int worker) {
        return workDirs.get(worker - 1);
    }

    /** Worker {@code worker}'s (1 or 2) own log. */
    public Path workerLog(int worker) {
        return daemonLogs.get(worker);
    }

    /** Runs {@code mainClass} of {@code seqtag-spark.jar} on this cluster with spark-submit; waits for its end. */
    public Job submit(String mainClass, List<String> arguments) throws IOException, InterruptedException {
        List<String> conf = List.of(
                "--conf", "spark.executor.memory=768m",
                "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
                // Both executors registered before the first task, and every task to whichever executor is free:
                // the tests check that work reached both, which must not depend on how fast one executor started.
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.locality.wait=0s");
        // No spark.executor.extraJavaOptions with the opens: the driver adds Spark's own list (a superset of
        // spark.java.opens) to the executors' command lines itself, which StandaloneClusterIT checks.
        return run(masterUrl(), mainClass, conf, arguments);
    }

    /** Runs {@code mainClass} with spark-submit on {@code master} (e.g. {@code local[2]}) instead: the same driver JVM. */
    public Job submitTo(String master, String mainClass, List<String> arguments) throws IOException, InterruptedException {
        return run(master, mainClass, List.of(), arguments);
    }

    private Job run(String master, String mainClass, List<String> conf, List<String> arguments)
            throws IOException, InterruptedException {
        String name = String.format("job-%02d-%s", ++submitted, mainClass.substring(mainClass.lastIndexOf('.') + 1));
        List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit",
                "--master", master, "--deploy-mode", "client",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false"));
        submit.addAll(conf);
        submit.addAll(List.of("--class", mainClass, sparkJar.toString()));
        submit.addAll(arguments);
        Path stdout = logDir.resolve(name + ".stdout");
        Path stderr = logDir.resolve(name + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(javaCommand("1g", submit))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        environment(builder);
        long started = System.nanoTime();
        Process driver = builder.start();
        processes.add(driver);
        if (!driver.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            stop(driver);
            throw new IllegalStateException(name + " did not end within " + JOB_TIMEOUT.toMinutes() + " min;"
                    + " killed\n" + tail(stderr) + "\n" + daemonLogTails());
        }
        return new Job(name, driver.exitValue(), Files.readString(stdout), Files.readString(stderr), stdout, stderr,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private List<String> javaCommand(String heap, List<String> mainAndArguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(opens);
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*"));
        command.addAll(mainAndArguments);
        return command;
    }

    private void environment(ProcessBuilder builder) {
        Map<String, String> environment = builder.environment();
        // A Spark installation's settings on this machine (SPARK_CONF_DIR, SPARK_WORKER_*) must not leak in.
        environment.keySet().removeIf(key -> key.startsWith("SPARK_"));
        environment.put("SPARK_HOME", sparkHome.toString());
        environment.put("SPARK_SCALA_VERSION", "2.12");
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        // The tagger's matrices are small, and the machine has two cores for five JVMs.
        environment.put("OMP_NUM_THREADS", "1");
    }

    /** The last lines of the master's and the workers' logs, with their paths. */
    public String daemonLogTails() {
        StringBuilder text = new StringBuilder();
        for (Path log : daemonLogs) {
            text.append(tail(log)).append('\n');
        }
        return text.toString();
    }

    /** The last lines of {@code file}, headed by its path. */
    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "--- " + file + " (last " + Math.min(TAIL_LINES, lines.size()) + " lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "--- " + file + ": unreadable (" + e + ") ---";
        }
    }

    /**
     * Stops every process this cluster started, and whatever they started (the executors): SIGTERM,
     * then SIGKILL for those still running after 15 s. Keeps the logs; deletes the executors' copies of
     * the application jar (190 MB each).
     */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: nothing to remove.
        }
        for (Path workDir : workDirs) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.filter(file -> file.getFileName().toString().endsWith(".jar")).forEach(file -> file.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                System.err.println("StandaloneCluster: could not clean " + workDir + ": " + e);
            }
        }
    }

    private synchronized void stopAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
    }

    /** Ends {@code process} and its descendants, found first: once the parent is gone, its children are orphans no one lists. */
    private static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle handle : all) {
            if (!awaitExit(handle, Math.max(1, deadline - System.nanoTime()))) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : all) {
            if (!awaitExit(handle, STOP_TIMEOUT.toNanos())) {
                System.err.println("StandaloneCluster: process " + handle.pid() + " survived SIGKILL");
            }
        }
    }

    /** Whether {@code handle} ended within {@code nanos}; an interrupt ends the wait but stays set for the caller. */
    private static boolean awaitExit(ProcessHandle handle, long nanos) {
        try {
            handle.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (ExecutionException | TimeoutException e) {
            return !handle.isAlive();
        }
    }

    private static Path existing(String property, String child) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (failsafe sets it in"
                    + " spark/pom.xml)");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(child == null ? path : path.resolve(child))) {
            throw new IllegalStateException(path + (child == null ? "" : "/" + child) + " is missing: these tests run"
                    + " after `package` (./mvnw -B -f spark/pom.xml verify)");
        }
        return path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * A finished spark-submit.
     *
     * @param name       the job's name in the log directory (e.g. {@code job-01-TagCorpus})
     * @param exitCode   the driver JVM's exit code
     * @param stdout     what the job printed (its results)
     * @param stderr     the driver's log
     * @param stdoutFile where {@code stdout} was written
     * @param stderrFile where {@code stderr} was written
     * @param took       from starting the driver JVM to its exit
     */
    public record Job(String name, int exitCode, String stdout, String stderr, Path stdoutFile, Path stderrFile,
                      Duration took) {

        /** The standalone application's id from the driver's log, when it ran on a cluster. */
        public Optional<String> appId() {
            Matcher matcher = APP_ID.matcher(stderr);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        }

        /** The exit code, where the logs are and the tail of the driver's log: the message for a failed assertion. */
        public String describe() {
            return name + " exited with " + exitCode + " after " + took.toSeconds() + " s; stdout " + stdoutFile
                    + "\n" + tail(stderrFile);
        }

        /** The lines of {@link #stdout()}. */
        public List<String> stdoutLines() {
            return Arrays.asList(stdout.split("\\R"));
        }
    }
}
