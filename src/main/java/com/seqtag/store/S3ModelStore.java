package com.seqtag.store;

import com.seqtag.model.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Versions, the active pointer and its history as objects in an S3-compatible bucket (AWS S3,
 * MinIO, Ceph RGW, GCS interoperability), so several replicas share one store. Under the prefix:
 * <ul>
 *   <li>{@code versions/<version>.seqtag}: the artifact, never overwritten, with its SHA-256 as the
 *       user metadata {@code x-amz-meta-sha256};</li>
 *   <li>{@code versions/<version>.manifest.json}: its manifest alone, written after the artifact, so
 *       {@link #list()} reads small objects;</li>
 *   <li>{@code ACTIVE}: the active version id and a line break;</li>
 *   <li>{@code HISTORY}: every version ACTIVE named, oldest first, one a line;</li>
 *   <li>{@code jobs/} and {@code leases/}: the {@link #records() shared records} of training jobs.</li>
 * </ul>
 * Every object is written whole by one PUT, which S3 makes visible all at once or not at all.
 * Conditional writes are not used (not every S3-compatible server honours them), so two writers
 * racing on HISTORY can lose a line; ACTIVE always ends as one writer's whole value.
 *
 * <p>The cache directory holds a copy of every version this replica stored or read, as
 * {@code <version>.seqtag}. A download is checked against the SHA-256 recorded when the version was
 * stored and then read with {@link ModelArtifact#read(Path)}, which verifies every entry against
 * the manifest's checksums, before it is moved into the cache; a damaged one is refused with an
 * ERROR line and never cached. Failures to reach the server (connection refused, time-outs, 5xx,
 * throttling) become {@link ModelStoreUnavailableException}. Credentials come from the AWS SDK's
 * default chain and are never logged.
 */
public final class S3ModelStore implements ModelStore, AutoCloseable {

    /** Key, under the prefix, of the folder of versions. */
    public static final String VERSIONS = "versions/";
    /** Key suffix of a version's manifest, beside its artifact. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";
    /** Key, under the prefix, of the object naming the active version. */
    public static final String ACTIVE_OBJECT = "ACTIVE";
    /** Key, under the prefix, of the object listing every version that was made active, oldest first. */
    public static final String HISTORY_OBJECT = "HISTORY";
    /** User metadata key (x-amz-meta-sha256) holding the artifact's SHA-256. */
    public static final String SHA256_METADATA = "sha256";

    /** Connecting gives up after this; the store answers again once the server does. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A response that stops sending for this long is given up. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** One attempt of a request on a small object (pointer, history, manifest, listing). */
    static final Duration SMALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** One attempt of an upload of a whole artifact (stalls are caught sooner by the read time-out). */
    static final Duration ARTIFACT_ATTEMPT_TIMEOUT = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(S3ModelStore.class);

    private final S3Client s3;
    /** Closed with the client: the credentials provider {@link #connect(S3Settings, Path)} made, if any. */
    private final AutoCloseable alsoClose;
    private final S3Settings settings;
    private final Path cache;
    private final String description;
    private final AtomicLong requests = new AtomicLong();
    private final SharedRecords records = new S3Records(this);
    /** Manifests already read: versions are immutable, so a manifest never changes. */
    private final Map<String, ModelManifest> manifests = new ConcurrentHashMap<>();
    private final Object activeLock = new Object();
    /** ETag of the ACTIVE object last read or written, for conditional reads; null when unknown. */
    private String activeEtag;
    private Optional<String> activeValue = Optional.empty();

    /**
     * A store over {@code client}, which it closes on {@link #close()}. Does not check the bucket;
     * {@link #connect} does.
     *
     * @param cacheDirectory where downloaded versions are kept ({@code seqtag.model-dir}), created when needed
     */
    public S3ModelStore(S3Client client, S3Settings settings, Path cacheDirectory) {
        this(client, settings, cacheDirectory, null);
    }

    private S3ModelStore(S3Client client, S3Settings settings, Path cacheDirectory, AutoCloseable alsoClose) {
        this.s3 = Objects.requireNonNull(client, "client");
        this.alsoClose = alsoClose;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cache = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        this.description = "S3 bucket " + settings.bucket() + " at " + settings.endpointDescription() + ", prefix "
                + (settings.prefix().isEmpty() ? "(none)" : settings.prefix());
    }

    /**
     * A store with credentials from the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID} and
     * {@code AWS_SECRET_ACCESS_KEY}, system properties, profiles, container and instance roles).
     *
     * @see #connect(S3Settings, Path, AwsCredentialsProvider)
     */
    public static S3ModelStore connect(S3Settings settings, Path cacheDirectory) {
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        return connect(settings, cacheDirectory, credentials, credentials);
    }

    /**
     * Builds the client and checks that the bucket exists.
     *
     * @throws IllegalStateException when the server answers that the bucket does not exist (or that
     *                               these credentials may not use it); a server that cannot be
     *                               reached is only logged, as the store retries on every call
     */
    public static S3ModelStore connect(S3Settings settings, Path cacheDirectory, AwsCredentialsProvider credentials) {
        return connect(settings, cacheDirectory, credentials, null);
    }

    private static S3ModelStore connect(S3Settings settings, Path cacheDirectory, AwsCredentialsProvider credentials,
                                        AutoCloseable alsoClose) {
        S3Client client;
        try {
            client = client(settings, credentials);
        } catch (RuntimeException e) {
            closeQuietly(alsoClose);
            throw e;
        }
        S3ModelStore store = new S3ModelStore(client, settings, cacheDirectory, alsoClose);
        try {
            store.checkBucket();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** An S3 client for {@code settings}: endpoint, region, path style, checksum mode and time-outs. */
    public static S3Client client(S3Settings settings, AwsCredentialsProvider credentials) {
        try {
            return clientBuilder(settings, credentials).build();
        } catch (SdkClientException e) {
            // Without a region setting the SDK looks in AWS_REGION, profiles and instance metadata.
            throw new IllegalStateException("cannot set up the S3 client (is seqtag.store.s3.region unset?): "
                    + e.getMessage(), e);
        }
    }

    /** What {@link #client} builds, for callers that add to it (tests watch the HTTP exchanges). */
    public static S3ClientBuilder clientBuilder(S3Settings settings, AwsCredentialsProvider credentials) {
        boolean required = settings.checksumMode() == S3Settings.ChecksumMode.WHEN_REQUIRED;
        S3ClientBuilder builder = S3Client.builder()
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(required ? RequestChecksumCalculation.WHEN_REQUIRED
                        : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(required ? ResponseChecksumValidation.WHEN_REQUIRED
                        : ResponseChecksumValidation.WHEN_SUPPORTED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(SMALL_ATTEMPT_TIMEOUT));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        return builder;
    }

    @Override
    public synchronized ModelManifest put(ModelArtifact artifact) throws IOException {
        String version = artifact.manifest().version();
        checkVersion(version);
        if (exists(artifactKey(version))) {
            throw new IOException("model version " + version + " is already stored");
        }
        Files.createDirectories(cache);
        Path temporary = Files.createTempFile(cache, version + ".", ModelArtifact.EXTENSION + ".tmp");
        try {
            ModelManifest written = artifact.write(temporary);
            String sha256 = Checksums.sha256(temporary);
            PutObjectRequest request = PutObjectRequest.builder()
                    .bucket(settings.bucket())
                    .key(artifactKey(version))
                    .contentType("application/zip")
                    .metadata(Map.of(SHA256_METADATA, sha256))
                    .overrideConfiguration(large())
                    .build();
            call(() -> s3.putObject(request, RequestBody.fromFile(temporary)));
            // The manifest after the artifact: a manifest always has its artifact beside it.
            byte[] manifestJson = ModelArtifact.manifestJson(written);
            putBytes(manifestKey(version), manifestJson, "application/json");
            Files.move(temporary, cacheFile(version), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            manifests.put(version, ModelArtifact.parseManifest(manifestJson)); // as other replicas read it
            log.info("stored model version {} in {}", version, description);
            return written;
        } catch (S3Exception e) {
            throw refused("store model version " + version, e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public ModelArtifact get(String version) throws IOException {
        checkVersion(version);
        Path cached = cacheFile(version);
        if (Files.isRegularFile(cached)) {
            try {
                return ModelArtifact.read(cached);
            } catch (IOException | RuntimeException e) {
                log.warn("the cached copy {} of model version {} cannot be read ({}); downloading it again",
                        cached, version, e.getMessage());
                Files.deleteIfExists(cached);
            }
        }
        return download(version);
    }

    @Override
    public boolean contains(String version) {
        if (!FileSystemModelStore.isVersionId(version)) {
            return false;
        }
        try {
            return exists(artifactKey(version));
        } catch (IOException e) {
            throw new ModelStoreUnavailableException(description, e);
        }
    }

    @Override
    public List<StoredVersion> list() throws IOException {
        Map<String, S3Object> artifacts = new LinkedHashMap<>();
        Set<String> withManifest = new HashSet<>();
        String folder = key(VERSIONS);
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                        .bucket(settings.bucket()).prefix(folder);
                if (token != null) {
                    request.continuationToken(token);
                }
                ListObjectsV2Response page = call(() -> s3.listObjectsV2(request.build()));
                for (S3Object object : page.contents()) {
                    String name = object.key().substring(folder.length());
                    if (name.endsWith(ModelArtifact.EXTENSION)) {
                        artifacts.put(name.substring(0, name.length() - ModelArtifact.EXTENSION.length()), object);
                    } else if (name.endsWith(MANIFEST_SUFFIX)) {
                        withManifest.add(name.substring(0, name.length() - MANIFEST_SUFFIX.length()));
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (S3Exception e) {
            throw refused("list the versions", e);
        }
        List<StoredVersion> versions = new ArrayList<>();
        for (Map.Entry<String, S3Object> entry : artifacts.entrySet()) {
            String version = entry.getKey();
            long size = entry.getValue().size() == null ? 0 : entry.getValue().size();
            Instant storedAt = entry.getValue().lastModified();
            if (!FileSystemModelStore.isVersionId(version)) {
                versions.add(new StoredVersion(version, null, size, storedAt, "not a possible version id"));
                continue;
            }
            try {
                versions.add(new StoredVersion(version, manifest(version, withManifest.contains(version)), size,
                        storedAt, null));
            } catch (ModelStoreUnavailableException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                versions.add(new StoredVersion(version, null, size, storedAt, e.getMessage()));
            }
        }
        return versions;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A conditional GET ({@code If-None-Match} with the ETag last seen): while the pointer is
     * unchanged the server answers 304 Not Modified and nothing is downloaded.
     */
    @Override
    public Optional<String> activeVersion() throws IOException {
        synchronized (activeLock) {
            GetObjectRequest.Builder request = GetObjectRequest.builder()
                    .bucket(settings.bucket()).key(key(ACTIVE_OBJECT));
            if (activeEtag != null) {
                request.ifNoneMatch(activeEtag);
            }
            try {
                ResponseBytes<GetObjectResponse> response = call(() -> s3.getObjectAsBytes(request.build()));
                activeEtag = response.response().eTag();
                activeValue = Optional.of(response.asUtf8String().strip());
            } catch (S3Exception e) {
                if (e.statusCode() == 304 && activeEtag != null) {
                    return activeValue;
                }
                if (e.statusCode() != 404) {
                    throw refused("read " + ACTIVE_OBJECT, e);
                }
                activeEtag = null;
                activeValue = Optional.empty();
            }
            return activeValue;
        }
    }

    @Override
    public synchronized void setActiveVersion(String version) throws IOException {
        checkVersion(version);
        List<String> history = new ArrayList<>(history());
        history.add(version);
        try {
            // History first, as in FileSystemModelStore: if the second write never happens, the
            // history merely names the version ACTIVE was about to name.
            putBytes(key(HISTORY_OBJECT), (String.join("\n", history) + "\n").getBytes(StandardCharsets.UTF_8),
                    "text/plain");
            PutObjectResponse written = putBytes(key(ACTIVE_OBJECT),
                    (version + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
            synchronized (activeLock) {
                activeEtag = written.eTag();
                activeValue = Optional.of(version);
            }
        } catch (S3Exception e) {
            throw refused("make model version " + version + " active", e);
        }
    }

    @Override
    public List<String> history() throws IOException {
        try {
            String text = call(() -> s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key(HISTORY_OBJECT))))
                    .asUtf8String();
            return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return List.of();
            }
            throw refused("read " + HISTORY_OBJECT, e);
        }
    }

    /** Removes the temporary files of downloads and uploads cut short in the cache directory. */
    @Override
    public void recover() throws IOException {
        FileSystemModelStore.removeUnfinishedWrites(cache);
    }

    @Override
    public String describe() {
        return description;
    }

    /** Job records and the training lease, as objects under {@code <prefix>jobs/} and {@code <prefix>leases/}. */
    @Override
    public SharedRecords records() {
        return records;
    }

    /** Requests this store has sent to the server (a retried request counts once), for measuring polling. */
    public long requestCount() {
        return requests.get();
    }

    /** What this store was built with. */
    public S3Settings settings() {
        return settings;
    }

    /** Where downloaded versions are kept. */
    public Path cacheDirectory() {
        return cache;
    }

    /** Closes the S3 client (and the default credentials chain when {@link #connect(S3Settings, Path)} made it). */
    @Override
    public void close() {
        s3.close();
        closeQuietly(alsoClose);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("closing the credentials provider failed", e);
            }
        }
    }

    /** HeadBucket: a missing bucket is a configuration error; an unreachable server is not (yet). */
    void checkBucket() {
        try {
            call(() -> s3.headBucket(b -> b.bucket(settings.bucket())));
            log.info("model store: {}", description);
        } catch (ModelStoreUnavailableException e) {
            log.warn("{}; the store is tried again on every use", e.getMessage());
        } catch (S3Exception e) {
            String bucket = "bucket \"" + settings.bucket() + "\" ";
            String at = " at " + settings.endpointDescription();
            throw new IllegalStateException(switch (e.statusCode()) {
                case 404 -> bucket + "does not exist" + at + " (seqtag.store.s3.bucket, seqtag.store.s3.endpoint)";
                case 403 -> bucket + "may not be used with these credentials" + at
                        + " (AWS SDK default chain: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, profiles, roles)";
                case 301 -> bucket + "is in another region than " + settings.region() + at
                        + " (seqtag.store.s3.region)";
                default -> bucket + "cannot be used" + at + " (HTTP " + e.statusCode() + ")";
            }, e);
        }
    }

    private ModelArtifact download(String version) throws IOException {
        Files.createDirectories(cache);
        Path temporary = Files.createTempFile(cache, version + ".", ModelArtifact.EXTENSION + ".tmp");
        try {
            String expected;
            String actual;
            try (ResponseInputStream<GetObjectResponse> in = call(() -> s3.getObject(b -> b.bucket(settings.bucket())
                    .key(artifactKey(version)).overrideConfiguration(large())))) {
                MessageDigest digest = Checksums.sha256Digest();
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    copy(new DigestInputStream(in, digest), out);
                }
                expected = in.response().metadata().get(SHA256_METADATA);
                actual = Checksums.hex(digest.digest());
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new UnknownModelVersionException(version);
                }
                throw refused("read model version " + version, e);
            }
            ModelArtifact artifact;
            try {
                artifact = verify(version, temporary, expected, actual);
            } catch (ModelArtifact.InvalidModelException e) {
                log.error("model version {} in {} is damaged and refused: {}", version, description, e.getMessage());
                throw e;
            }
            Files.move(temporary, cacheFile(version), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            log.info("downloaded model version {} from {} into {}", version, description, cache);
            return artifact;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Every check a download passes before it is loaded and cached. */
    private ModelArtifact verify(String version, Path file, String expectedSha256, String actualSha256)
            throws IOException {
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actualSha256)) {
            throw new ModelArtifact.InvalidModelException("model version " + version + ": SHA-256 of the object is "
                    + actualSha256 + ", not " + expectedSha256 + " as when it was stored; the object is corrupted");
        }
        ModelArtifact artifact;
        try {
            artifact = ModelArtifact.read(file);
        } catch (ModelArtifact.InvalidModelException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // A damaged zip fails before its checksums can be compared (CRC, inflater, JSON errors).
            var invalid = new ModelArtifact.InvalidModelException("model version " + version
                    + " cannot be read (" + e.getMessage() + "); the object is corrupted");
            invalid.initCause(e);
            throw invalid;
        }
        if (!version.equals(artifact.manifest().version())) {
            throw new ModelArtifact.InvalidModelException("the object of model version " + version
                    + " holds model version " + artifact.manifest().version());
        }
        ModelManifest known = manifests.get(version);
        if (known != null && !Objects.equals(known.entryChecksums(), artifact.manifest().entryChecksums())) {
            throw new ModelArtifact.InvalidModelException("model version " + version
                    + ": checksums differ from its stored manifest; the object is corrupted");
        }
        return artifact;
    }

    /** A version's manifest: from memory, its manifest object, or (when that is missing) its artifact. */
    private ModelManifest manifest(String version, boolean hasManifestObject) throws IOException {
        ModelManifest known = manifests.get(version);
        if (known != null) {
            return known;
        }
        ModelManifest manifest;
        if (hasManifestObject) {
            try {
                manifest = ModelArtifact.parseManifest(
                        call(() -> s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(manifestKey(version))))
                                .asByteArray());
            } catch (S3Exception e) {
                throw refused("read the manifest of model version " + version, e);
            }
        } else {
            // An upload cut short between the artifact and its manifest: the artifact says it all.
            manifest = get(version).manifest();
        }
        manifests.put(version, manifest);
        return manifest;
    }

    private boolean exists(String key) throws IOException {
        try {
            call(() -> s3.headObject(b -> b.bucket(settings.bucket()).key(key)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw refused("look up " + key, e);
        }
    }

    private PutObjectResponse putBytes(String key, byte[] bytes, String contentType) {
        return call(() -> s3.putObject(b -> b.bucket(settings.bucket()).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes)));
    }

    /**
     * Runs one request, counting it. A server that cannot be reached, fails (5xx) or throttles
     * (429) becomes {@link ModelStoreUnavailableException}; other answers (304, 404, 403...) are
     * the caller's to interpret.
     */
    <T> T call(java.util.function.Supplier<T> request) {
        requests.incrementAndGet();
        try {
            return request.get();
        } catch (S3Exception e) {
            if (e.statusCode() >= 500 || e.statusCode() == 429) {
                throw new ModelStoreUnavailableException(description, e);
            }
            throw e;
        } catch (SdkClientException e) {
            throw new ModelStoreUnavailableException(description, e);
        }
    }

    /** An answer the store cannot work with (access denied, bad request): said as an IOException. */
    IOException refused(String what, S3Exception e) {
        String reason = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : "HTTP " + e.statusCode();
        return new IOException(description + " refused to " + what + ": " + reason, e);
    }

    /** Copies a download; a failure to read it is the network's, a failure to write it the disk's. */
    private void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            int read;
            try {
                read = in.read(buffer);
            } catch (IOException e) {
                throw new ModelStoreUnavailableException(description, e);
            }
            if (read < 0) {
                return;
            }
            out.write(buffer, 0, read);
        }
    }

    private static AwsRequestOverrideConfiguration large() {
        return AwsRequestOverrideConfiguration.builder().apiCallAttemptTimeout(ARTIFACT_ATTEMPT_TIMEOUT).build();
    }

    private static void checkVersion(String version) {
        if (!FileSystemModelStore.isVersionId(version)) {
            throw new UnknownModelVersionException(String.valueOf(version));
        }
    }

    String key(String name) {
        return settings.prefix() + name;
    }

    S3Client client() {
        return s3;
    }

    private String artifactKey(String version) {
        return key(VERSIONS + version + ModelArtifact.EXTENSION);
    }

    private String manifestKey(String version) {
        return key(VERSIONS + version + MANIFEST_SUFFIX);
    }

    private Path cacheFile(String version) {
        return cache.resolve(version + ModelArtifact.EXTENSION);
    }
}
