package com.seqtag.spark.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.store.BundledModel;
import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.S3ModelStore;
import com.seqtag.store.S3Settings;
import com.seqtag.support.S3ProxyServer;
import com.seqtag.support.TinyModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Every kind of --model: a file, a model directory, an S3 store and an S3 object (on a real S3Proxy), the bundled one. */
class ModelSourceTest {

    @TempDir
    static Path dir;

    private static TinyModelDirectory models;
    private static S3ProxyServer s3;

    @BeforeAll
    static void start() {
        models = TinyModelDirectory.create();
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket("corpus-models");
        // The S3 store and object reads take credentials from the SDK's default chain, as a job would.
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void readsAFileAndADirectorysActiveOrChosenVersion() throws Exception {
        String version = models.manifest().version();
        Path file = models.directory().resolve(version + ModelArtifact.EXTENSION);

        assertThat(ModelSource.read(file.toString(), null, null).version()).isEqualTo(version);
        assertThat(ModelSource.read(models.directory().toString(), null, null).version()).isEqualTo(version);
        assertThat(ModelSource.read(models.directory().toString(), version, null).bytes())
                .hasSizeGreaterThan(1000);
        assertThat(ModelSource.read(ModelSource.BUNDLED, null, null).version())
                .isEqualTo(BundledModel.readManifest().version());
    }

    @Test
    void readsAnS3StoresActiveVersionAndASingleObject() throws Exception {
        ModelArtifact artifact = new FileSystemModelStore(models.directory()).get(models.manifest().version());
        S3Settings settings = S3Settings.of("corpus-models", "team/", s3.endpoint().toString(), null, true, null);
        try (S3ModelStore store = S3ModelStore.connect(settings, dir.resolve("cache"), s3.credentials())) {
            store.put(artifact);
            store.setActiveVersion(artifact.manifest().version());
        }
        assertThat(ModelSource.read("s3://corpus-models/team/", null, s3.endpoint().toString()).version())
                .isEqualTo(models.manifest().version());

        byte[] bytes = Files.readAllBytes(models.directory().resolve(models.manifest().version() + ModelArtifact.EXTENSION));
        try (S3Client client = S3ModelStore.client(settings, s3.credentials())) {
            client.putObject(b -> b.bucket("corpus-models").key("exports/ner.seqtag"), RequestBody.fromBytes(bytes));
        }
        assertThat(ModelSource.read("s3://corpus-models/exports/ner.seqtag", null, s3.endpoint().toString()).bytes())
                .isEqualTo(bytes);
    }

    @Test
    void saysWhatIsMissing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-store"));
        assertThatThrownBy(() -> ModelSource.read(empty.toString(), null, null))
                .hasMessage("--model: " + empty + " has no active version; name one with --model-version (stored: 0 versions)");
        assertThatThrownBy(() -> ModelSource.read(models.directory().toString(), "ner-nope", null))
                .hasMessage("--model: " + models.directory() + " holds no version \"ner-nope\"");
        assertThatThrownBy(() -> ModelSource.read(dir.resolve("nothing").toString(), null, null))
                .hasMessage("--model: no model file or model directory at " + dir.resolve("nothing"));
        Path damaged = Files.write(dir.resolve("damaged.seqtag"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ModelSource.read(damaged.toString(), null, null))
                .isInstanceOf(java.io.IOException.class);
    }
}
