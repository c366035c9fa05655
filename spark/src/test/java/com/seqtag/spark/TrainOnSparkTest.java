package com.seqtag.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TrainOnSpark on a local master with two workers in this JVM, on the invented fixtures. */
@ExtendWith(LocalMaster.class)
class TrainOnSparkTest {

    private static final Path REPO = Path.of(System.getProperty("seqtag.basedir", ".."));
    private static final Path FIXTURES = REPO.resolve("src/test/resources/fixtures");
    private static final Path PLAN = Path.of("src/test/resources/tiny-plan.yml");

    @TempDir
    Path dir;

    @Test
    void trainsDataParallelIntoAnOrdinaryArtifact() throws Exception {
        Path out = dir.resolve("spark.seqtag");
        JobRuns.Result run = JobRuns.run(new TrainOnSpark(), "--train", FIXTURES.resolve("tiny-train.conll").toString(), "--valid",
                FIXTURES.resolve("tiny-valid.conll").toString(), "--out", out.toString(), "--config", PLAN.toString(),
                "--set", "epochs=12", "--set", "weightAveraging=0", "--set", "patience=12",
                "--averaging-frequency", "2");

        assertThat(run.code()).as(run.err()).isZero();
        ModelManifest manifest = ModelArtifact.read(out).manifest();
        // The fixtures are learnable: a network that did not train (or whose averaged weights never reached
        // the driver) stays near 0.
        assertThat(manifest.metrics().validF1()).isGreaterThan(40);
        assertThat(manifest.config().hiddenSize()).isEqualTo(16);
        assertThat(manifest.training()).containsEntry("trainedOn", Map.of("spark", "local[2]", "workers", 2,
                "averagingFrequency", 2, "trainingMaster", "parameter averaging"));
        assertThat(Files.readAllLines(Path.of(out + ".curve.csv"))).hasSize(13);
        assertThat(run.err()).contains("TrainOnSpark: 60 training and 20 validation sentences, 2 workers, averaging"
                + " every 2 minibatches, master local[2]").contains("TrainOnSpark: epoch 12:");
        assertThat(run.out()).contains("FB1:");
    }

    @Test
    void refusesAWarmStartItCannotDoYet() {
        JobRuns.Result run = JobRuns.run(new TrainOnSpark(), "--train", FIXTURES.resolve("tiny-train.conll").toString(), "--valid",
                FIXTURES.resolve("tiny-valid.conll").toString(), "--out", dir.resolve("x.seqtag").toString(),
                "--set", "initFrom=active");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("TrainOnSpark: initFrom (a warm start) is not supported on Spark yet");
        assertThat(dir.resolve("x.seqtag")).doesNotExist();
    }
}
