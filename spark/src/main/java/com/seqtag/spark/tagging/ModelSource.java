package com.seqtag.spark.tagging;

import com.seqtag.store.BundledModel;
import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import com.seqtag.store.ModelStore;
import com.seqtag.store.S3ModelStore;
import com.seqtag.store.S3Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Finds the model a Spark job tags with, on the driver, and hands it over as the bytes of one
 * {@code .seqtag} artifact (checked here, broadcast to the executors): a file, a model directory
 * of the service (its active version, or a chosen one), an S3 store or object, or the bundled model.
 */
public final class ModelSource {

    /** {@code --model} value naming the model bundled with the service. */
    public static final String BUNDLED = "bundled";

    private ModelSource() {
    }

    /**
     * Reads the model {@code location} names.
     *
     * @param location   a {@code .seqtag} file, a model directory, {@code s3://bucket/prefix} (a store),
     *                   {@code s3://bucket/key.seqtag} (one object), or {@value #BUNDLED}
     * @param version    for a directory or store: the version to read; null for its active one
     * @param s3Endpoint the S3-compatible server's URL for {@code s3://} locations; null for AWS S3
     * @throws IllegalArgumentException when nothing usable is there, with what was looked for
     */
    public static Model read(String location, String version, String s3Endpoint) throws IOException {
        if (location.equals(BUNDLED)) {
            try (InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(BundledModel.RESOURCE)) {
                if (in == null) {
                    throw new IOException("the bundled model " + BundledModel.RESOURCE + " is not on the class path");
                }
                return Model.of(in.readAllBytes());
            }
        }
        if (location.startsWith("s3://")) {
            return fromS3(URI.create(location), version, s3Endpoint);
        }
        Path path = Path.of(location);
        if (Files.isRegularFile(path)) {
            return Model.of(Files.readAllBytes(path));
        }
        if (Files.isDirectory(path)) {
            return fromStore(new FileSystemModelStore(path), version, location);
        }
        throw new IllegalArgumentException("--model: no model file or model directory at " + location);
    }

    private static Model fromS3(URI location, String version, String endpoint) throws IOException {
        String bucket = location.getHost();
        String key = location.getPath().replaceFirst("^/", "");
        S3Settings settings = S3Settings.of(bucket, key.endsWith(ModelArtifact.EXTENSION) ? "" : key, endpoint, null,
                endpoint != null, null);
        if (key.endsWith(ModelArtifact.EXTENSION)) {
            try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
                 S3Client client = S3ModelStore.client(settings, credentials)) {
                ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                return Model.of(object.asByteArray());
            }
        }
        Path cache = Files.createTempDirectory("seqtag-model-cache");
        try (S3ModelStore store = S3ModelStore.connect(settings, cache)) {
            return fromStore(store, version, location.toString());
        }
    }

    private static Model fromStore(ModelStore store, String version, String location) throws IOException {
        String chosen = version;
        if (chosen == null) {
            Optional<String> active = store.activeVersion();
            if (active.isEmpty()) {
                throw new IllegalArgumentException("--model: " + location + " has no active version; name one with"
                        + " --model-version (stored: " + store.list().size() + " versions)");
            }
            chosen = active.get();
        }
        if (!store.contains(chosen)) {
            throw new IllegalArgumentException("--model: " + location + " holds no version \"" + chosen + "\"");
        }
        // Written out whole so the executors get one self-checking artifact, wherever it was kept.
        Path file = Files.createTempFile("seqtag-model", ModelArtifact.EXTENSION);
        try {
            store.get(chosen).write(file);
            return Model.of(Files.readAllBytes(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A model artifact's bytes, checked, with its manifest.
     *
     * @param bytes    the {@code .seqtag} artifact
     * @param manifest its manifest (version, labels, metrics)
     */
    public record Model(byte[] bytes, ModelManifest manifest) implements Serializable {

        /** Checks {@code bytes} (format and checksums) by reading the artifact once. */
        public static Model of(byte[] bytes) throws IOException {
            ModelManifest manifest = ModelArtifact.read(new ByteArrayInputStream(bytes)).manifest();
            return new Model(bytes, manifest);
        }

        /** The model's version id. */
        public String version() {
            return manifest.version();
        }
    }
}
