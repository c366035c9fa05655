package com.seqtag.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TrainOnSpark on a local master with two workers in this JVM, on the invented fixtures. */
class TrainOnSparkTest {

    private static final Path REPO = Path.of(System.getProperty("seqtag.basedir", ".."));
    private static final Path FIXTURES = REPO.resolve("src/test/resources/fixtures");
    private static final Path PLAN = Path.of("src/test/resources/tiny-plan.yml");

    @TempDir
    Path dir;

    @BeforeAll
    static void localMaster() {
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
    }

    @AfterAll
    static void clear() {
        System.clearProperty("spark.master");
        System.clearProperty("spark.ui.enabled");
    }

    @Test
    void trainsDataParallelIntoAnOrdinaryArtifact() throws Exception {
        Path out = dir.resolve("spark.seqtag");
        String[] printed = new String[2];
        int code = run(printed, "--train", FIXTURES.resolve("tiny-train.conll").toString(), "--valid",
                FIXTURES.resolve("tiny-valid.conll").toString(), "--out", out.toString(), "--config", PLAN.toString(),
                "--set", "epochs=12", "--set", "weightAveraging=0", "--set", "patience=12",
                "--averaging-frequency", "2");

        assertThat(code).as(printed[1]).isZero();
        ModelManifest manifest = ModelArtifact.read(out).manifest();
        // The fixtures are learnable: a network that did not train (or whose averaged weights never reached
        // the driver) stays near 0.
        assertThat(manifest.metrics().validF1()).isGreaterThan(40);
        assertThat(manifest.config().hiddenSize()).isEqualTo(16);
        assertThat(manifest.training()).containsEntry("trainedOn", Map.of("spark", "local[2]", "workers", 2,
                "averagingFrequency", 2, "trainingMaster", "parameter averaging"));
        assertThat(Files.readAllLines(Path.of(out + ".curve.csv"))).hasSize(13);
        assertThat(printed[1]).contains("TrainOnSpark: 60 training and 20 validation sentences, 2 workers, averaging"
                + " every 2 minibatches, master local[2]").contains("TrainOnSpark: epoch 12:");
        assertThat(printed[0]).contains("FB1:");
    }

    @Test
    void refusesAWarmStartItCannotDoYet() {
        String[] printed = new String[2];
        int code = run(printed, "--train", FIXTURES.resolve("tiny-train.conll").toString(), "--valid",
                FIXTURES.resolve("tiny-valid.conll").toString(), "--out", dir.resolve("x.seqtag").toString(),
                "--set", "initFrom=active");

        assertThat(code).isEqualTo(2);
        assertThat(printed[1]).contains("TrainOnSpark: initFrom (a warm start) is not supported on Spark yet");
        assertThat(dir.resolve("x.seqtag")).doesNotExist();
    }

    /** Runs the job's command line here; {@code printed} receives standard output and error. */
    private static int run(String[] printed, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            return JobCommandLine.run(new TrainOnSpark(), args);
        } finally {
            System.setOut(out);
            System.setErr(err);
            printed[0] = stdout.toString(StandardCharsets.UTF_8);
            printed[1] = stderr.toString(StandardCharsets.UTF_8);
        }
    }
}
