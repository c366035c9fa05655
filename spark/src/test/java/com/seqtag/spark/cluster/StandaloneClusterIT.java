package com.seqtag.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TagCorpus and TrainOnSpark through spark-submit on a real standalone cluster (a master and two
 * one-core workers, every one its own JVM, the executors JVMs of their own again), checked against a
 * {@code local[2]} run and against the service's own {@code evaluate} command.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {

    private static final String TAG_CORPUS = "com.seqtag.spark.TagCorpus";
    private static final String TRAIN_ON_SPARK = "com.seqtag.spark.TrainOnSpark";
    private static final int MAX_CHARS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COUNTERS =
            Pattern.compile("TagCorpus: documents=(\\d+) tokens=(\\d+) entities=(\\d+) errors=(\\d+) ");
    private static final Pattern OVERALL_F1 = Pattern.compile("(?m)^accuracy:.*FB1:\\s*(\\S+)$");

    /** The corpus, by id: invented documents in several styles, one empty and one over {@link #MAX_CHARS}. */
    private static final Map<String, String> DOCUMENTS = documents();

    @TempDir
    static Path work;

    private StandaloneCluster cluster;
    private Path repo;
    private Path corpus;
    /** The cluster's TagCorpus run, shared by the tests that look at it; run by the first that does. */
    private Tagging clusterTagging;
    /** Why that run failed, so the second test reports it instead of running the job again. */
    private AssertionError clusterTaggingFailure;

    @BeforeAll
    void startCluster() throws Exception {
        repo = Path.of(System.getProperty("seqtag.basedir", "..")).toAbsolutePath().normalize();
        corpus = work.resolve("corpus.jsonl");
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> document : DOCUMENTS.entrySet()) {
            ObjectNode line = JSON.createObjectNode().put("id", document.getKey()).put("text", document.getValue());
            lines.add(JSON.writeValueAsString(line));
        }
        Files.write(corpus, lines);
        cluster = StandaloneCluster.start();
        System.out.println("StandaloneClusterIT: cluster " + cluster.masterUrl() + ", logs in " + cluster.logDir());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void tagCorpusTagsEveryDocumentOnBothExecutors() throws Exception {
        Tagging tagging = clusterTagging();
        Map<String, JsonNode> rows = tagging.rows();

        assertThat(rows.keySet()).as("one row per document").containsExactlyInAnyOrderElementsOf(DOCUMENTS.keySet());
        Map<String, String> errors = new TreeMap<>();
        rows.forEach((id, row) -> {
            if (!row.path("error").isNull()) {
                errors.put(id, row.path("error").asText());
            }
        });
        assertThat(errors.keySet()).as("documents with an error").containsExactly("empty", "long");
        assertThat(errors.get("empty")).startsWith("empty");
        assertThat(errors.get("long")).startsWith("too long").contains(Integer.toString(MAX_CHARS));

        for (Map.Entry<String, JsonNode> entry : rows.entrySet()) {
            String id = entry.getKey();
            JsonNode row = entry.getValue();
            if (errors.containsKey(id)) {
                assertThat(row.path("entities")).as(id + ": entities").isEmpty();
                assertThat(row.path("tokens")).as(id + ": tokens").isEmpty();
                continue;
            }
            assertThat(row.path("tokens")).as(id + ": tokens").isNotEmpty();
            // Offsets in UTF-16 code units, as the service's: the emoji and accents documents would show a slip.
            String text = DOCUMENTS.get(id);
            for (JsonNode span : concat(row.path("entities"), row.path("tokens"))) {
                assertThat(text.substring(span.path("start").asInt(), span.path("end").asInt()))
                        .as(id + ": text at " + span).isEqualTo(span.path("text").asText());
            }
        }
        assertThat(entities(rows.get("merkel"))).contains("PER Angela Merkel", "LOC Paris");
        assertThat(entities(rows.get("microsoft"))).contains("ORG Microsoft", "LOC Berlin");
        assertThat(entities(rows.get("un"))).contains("ORG United Nations", "LOC Geneva");

        Matcher counters = COUNTERS.matcher(tagging.job().stdout());
        assertThat(counters.find()).as("the counters line in\n" + tagging.job().stdout()).isTrue();
        assertThat(Long.parseLong(counters.group(1))).as("documents").isEqualTo(rows.size());
        assertThat(Long.parseLong(counters.group(2))).as("tokens").isEqualTo(sum(rows, "tokens"));
        assertThat(Long.parseLong(counters.group(3))).as("entities").isEqualTo(sum(rows, "entities"));
        assertThat(Long.parseLong(counters.group(4))).as("errors").isEqualTo(errors.size());

        String appId = appId(tagging.job());
        assertFinished(appId);
        // The model is loaded in an executor only when one of its tasks tags documents: both loading it
        // means both executors, on different workers, did tagging work.
        assertBothWorkersRan(appId, "ExecutorModels: loaded model");
        assertExecutorsGotTheOpens(appId);
    }

    @Test
    void tagCorpusOnTheClusterWritesWhatLocalModeWrites() throws Exception {
        Tagging onCluster = clusterTagging();
        Path output = work.resolve("tagged-local");
        StandaloneCluster.Job local = cluster.submitTo("local[2]", TAG_CORPUS, tagCorpusArguments(output));
        report(local);
        assertThat(local.exitCode()).as(local.describe()).isZero();

        Map<String, JsonNode> rows = readRows(output);
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(onCluster.rows().keySet());
        for (String id : rows.keySet()) {
            assertThat(onCluster.rows().get(id)).as(id + " on the cluster and in local mode").isEqualTo(rows.get(id));
        }
    }

    @Test
    void trainOnSparkWritesAnArtifactTheServiceEvaluates() throws Exception {
        Path fixtures = repo.resolve("src/test/resources/fixtures");
        Path valid = fixtures.resolve("tiny-valid.conll");
        Path model = work.resolve("spark.seqtag");
        StandaloneCluster.Job training = cluster.submit(TRAIN_ON_SPARK, List.of(
                "--train", fixtures.resolve("tiny-train.conll").toString(),
                "--valid", valid.toString(),
                "--out", model.toString(),
                "--config", repo.resolve("spark/src/test/resources/tiny-plan.yml").toString(),
                "--set", "epochs=12", "--set", "weightAveraging=0", "--set", "patience=12",
                "--averaging-frequency", "2"));
        report(training);
        assertThat(training.exitCode()).as(training.describe()).isZero();
        String appId = appId(training);
        assertFinished(appId);
        assertBothWorkersRan(appId, "Executor: Running task");

        ModelManifest manifest = ModelArtifact.read(model).manifest();
        assertThat(manifest.training().get("trainedOn")).as("trainedOn in " + manifest.training())
                .isInstanceOfSatisfying(Map.class, trainedOn -> {
                    assertThat(trainedOn.get("spark")).isEqualTo(cluster.masterUrl());
                    assertThat(trainedOn.get("workers")).isEqualTo(StandaloneCluster.WORKERS);
                });
        double validF1 = manifest.metrics().validF1();
        System.out.printf("StandaloneClusterIT: trained on the cluster to valid F1 %.2f (best epoch %d)%n", validF1,
                manifest.metrics().bestEpoch());
        // The fixtures are learnable: runs reach 70-76; a broken averaging or data split stays near 0.
        assertThat(validF1).as("valid F1").isGreaterThan(40);

        String evaluation = evaluateWithTheService(model, valid);
        Matcher f1 = OVERALL_F1.matcher(evaluation);
        assertThat(f1.find()).as("an overall FB1 line in\n" + evaluation).isTrue();
        // Rounded as conlleval (and the service's report) rounds: half to even on the exact binary value.
        assertThat(f1.group(1)).as("evaluate's F1 against the manifest's")
                .isEqualTo(new BigDecimal(validF1).setScale(2, RoundingMode.HALF_EVEN).toPlainString());
    }

    /** The cluster's TagCorpus run over {@link #DOCUMENTS}, run once for the tests that need it. */
    private synchronized Tagging clusterTagging() throws Exception {
        if (clusterTaggingFailure != null) {
            throw new AssertionError("the cluster's TagCorpus run failed earlier", clusterTaggingFailure);
        }
        if (clusterTagging == null) {
            Path output = work.resolve("tagged-cluster");
            StandaloneCluster.Job job = cluster.submit(TAG_CORPUS, tagCorpusArguments(output));
            report(job);
            try {
                assertThat(job.exitCode()).as(job.describe()).isZero();
                clusterTagging = new Tagging(job, readRows(output));
            } catch (AssertionError failed) {
                clusterTaggingFailure = failed;
                throw failed;
            }
        }
        return clusterTagging;
    }

    private List<String> tagCorpusArguments(Path output) {
        return List.of("--model", "bundled", "--input", corpus.toString(), "--input-format", "jsonl",
                "--output", output.toString(), "--output-format", "jsonl", "--tokens", "--partitions", "2",
                "--max-chars", Integer.toString(MAX_CHARS));
    }

    /** The output's rows by id; fails on an id written twice. */
    private static Map<String, JsonNode> readRows(Path output) throws IOException {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        List<Path> parts;
        try (Stream<Path> files = Files.list(output)) {
            parts = files.filter(file -> file.getFileName().toString().matches("part-.*\\.json")).sorted().toList();
        }
        assertThat(parts).as("part files in " + output).isNotEmpty();
        for (Path part : parts) {
            for (String line : Files.readAllLines(part)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = JSON.readTree(line);
                JsonNode previous = rows.put(row.path("id").asText(), row);
                assertThat(previous).as("a second row for " + row.path("id")).isNull();
            }
        }
        return rows;
    }

    private String appId(StandaloneCluster.Job job) {
        assertThat(job.appId()).as("the application id in the driver's log " + job.stderrFile()).isPresent();
        return job.appId().get();
    }

    /** The master lists {@code appId} among its completed applications, finished. */
    private void assertFinished(String appId) throws Exception {
        JsonNode completed = cluster.status().path("completedapps");
        List<String> finished = new ArrayList<>();
        completed.forEach(app -> finished.add(app.path("id").asText() + " " + app.path("state").asText()));
        assertThat(finished).as("the master's completed applications").contains(appId + " FINISHED");
    }

    /**
     * Each worker ran an executor of {@code appId} (its work directory has the application's folder, with
     * one executor's logs) and that executor's log has {@code evidence}.
     */
    private void assertBothWorkersRan(String appId, String evidence) throws IOException {
        for (int worker = 1; worker <= StandaloneCluster.WORKERS; worker++) {
            Path app = cluster.workDir(worker).resolve(appId);
            assertThat(app).as("worker " + worker + " ran an executor of " + appId + "\n"
                    + StandaloneCluster.tail(cluster.workerLog(worker))).isDirectory();
            List<Path> executors;
            try (Stream<Path> folders = Files.list(app)) {
                executors = folders.filter(Files::isDirectory).toList();
            }
            assertThat(executors).as("executors of " + appId + " on worker " + worker).hasSize(1);
            Path log = executors.get(0).resolve("stderr");
            assertThat(Files.readString(log)).as(log + " shows " + evidence).contains(evidence);
        }
    }

    /**
     * The executors' command lines (the workers log them) have every opens the driver JVM has, though
     * {@link StandaloneCluster#submit} passes none for them: the driver adds Spark's list on its own.
     */
    private void assertExecutorsGotTheOpens(String appId) throws IOException {
        List<String> opens = List.of(System.getProperty("seqtag.spark.opens").trim().split("\\s+"));
        for (int worker = 1; worker <= StandaloneCluster.WORKERS; worker++) {
            List<String> launches = Files.readAllLines(cluster.workerLog(worker)).stream()
                    .filter(line -> line.contains("Launch command:") && line.contains(appId)).toList();
            assertThat(launches).as("worker " + worker + "'s launch of " + appId).hasSize(1);
            for (String option : opens) {
                assertThat(launches.get(0)).as("the executor's command line").contains("\"" + option + "\"");
            }
        }
    }

    /** {@code java -jar target/seqtag.jar evaluate}: the service's own command, as a process of its own. */
    private String evaluateWithTheService(Path model, Path data) throws Exception {
        Path jar = Path.of(System.getProperty("seqtag.jar", "../target/seqtag.jar")).toAbsolutePath().normalize();
        assertThat(jar).as("the service's jar (the root build's package)").isRegularFile();
        Path output = cluster.logDir().resolve("evaluate.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString(), "evaluate", "--model", model.toString(), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        try {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("evaluate ended within 5 min; " + output).isTrue();
            String printed = Files.readString(output);
            assertThat(process.exitValue()).as("evaluate's exit code\n" + printed).isZero();
            return printed;
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<String> entities(JsonNode row) {
        List<String> found = new ArrayList<>();
        row.path("entities").forEach(entity -> found.add(entity.path("type").asText() + " " + entity.path("text").asText()));
        return found;
    }

    private static long sum(Map<String, JsonNode> rows, String column) {
        return rows.values().stream().mapToLong(row -> row.path(column).size()).sum();
    }

    private static List<JsonNode> concat(JsonNode first, JsonNode second) {
        List<JsonNode> all = new ArrayList<>();
        first.forEach(all::add);
        second.forEach(all::add);
        return all;
    }

    private static void report(StandaloneCluster.Job job) {
        System.out.printf("StandaloneClusterIT: %s exited with %d in %d s%n", job.name(), job.exitCode(),
                job.took().toSeconds());
    }

    private static Map<String, String> documents() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("merkel", "Angela Merkel visited Paris on Monday to meet the French president.");
        documents.put("microsoft", "Microsoft opened a new research lab in Berlin last year.");
        documents.put("un", "The United Nations held an emergency meeting in Geneva.");
        documents.put("headline", "BREAKING: TESLA SHARES FALL AFTER ELON MUSK POSTS ABOUT TWITTER");
        documents.put("emoji", "omg just landed in tokyo \uD83D\uDE0D can't wait to see @sarah_k at Shibuya Crossing!!");
        documents.put("accents", "José Müller from Zürich joined Nestlé in São Paulo.");
        documents.put("paragraph", "Barack Obama was born in Hawaii. He later moved to Chicago, where he worked"
                + " for a church group. In 2008 he was elected president.");
        documents.put("list", "Speakers: Dr. Jane Goodall (Oxford); Prof. Alan Turing (Cambridge); Ada Lovelace (London).");
        documents.put("plain", "the weather was nice and we went for a walk after lunch.");
        documents.put("numbers", "Q3 revenue rose 12.5% to $4.2 billion, according to the filing of 2023-10-01.");
        documents.put("quote", "\"We will win,\" said Carlo Ancelotti before Real Madrid played Bayern Munich.");
        documents.put("empty", "");
        documents.put("long", "Stephen met Maria in Lisbon before the conference began. ".repeat(5).trim());
        documents.forEach((id, text) -> {
            if (id.equals("long") != text.length() > MAX_CHARS) {
                throw new IllegalStateException("only \"long\" may exceed " + MAX_CHARS + " characters: " + id);
            }
        });
        return documents;
    }

    /** A TagCorpus run and its output's rows by id. */
    private record Tagging(StandaloneCluster.Job job, Map<String, JsonNode> rows) {
    }
}
