package com.seqtag.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model TrainOnSpark wrote is served unchanged: stored in a model directory as any version is,
 * the service (its own process) starts on it, lists it, and tags with it.
 */
@ExtendWith(LocalMaster.class)
class SparkTrainedModelServedIT {

    private static final Path FIXTURES = Path.of(System.getProperty("seqtag.basedir", "..")).resolve(
            "src/test/resources/fixtures");

    @TempDir
    static Path dir;

    @Test
    void theServiceServesWhatSparkTrained() throws Exception {
        Path out = dir.resolve("spark.seqtag");
        JobRuns.Result run = JobRuns.run(new TrainOnSpark(), "--train", FIXTURES.resolve("tiny-train.conll").toString(),
                "--valid", FIXTURES.resolve("tiny-valid.conll").toString(), "--out", out.toString(), "--config",
                "src/test/resources/tiny-plan.yml", "--set", "epochs=8", "--set", "weightAveraging=0");
        assertThat(run.code()).as(run.err()).isZero();
        Path models = dir.resolve("models");
        FileSystemModelStore store = new FileSystemModelStore(models);
        ModelManifest stored = store.put(ModelArtifact.read(out));
        store.setActiveVersion(stored.version());

        try (ServiceProcess service = ServiceProcess.start(models, dir)) {
            JsonNode model = HttpTestClient.json(service.http.get("/model"));
            assertThat(model.get("version").asText()).isEqualTo(stored.version());
            assertThat(model.toString()).contains("\"entityTypes\":[\"LOC\",\"MISC\",\"ORG\",\"PER\"]");

            HttpResponse<String> tagged = service.http.postJson("/tag", "{\"text\": \"Jan Novak lives in Prague .\"}");
            assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);
            JsonNode answer = HttpTestClient.json(tagged);
            assertThat(answer.get("model").asText()).isEqualTo(stored.version());
            assertThat(answer.get("tokens")).hasSize(6);
        }
    }
}
