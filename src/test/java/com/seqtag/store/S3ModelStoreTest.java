package com.seqtag.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.seqtag.decoding.TaggedSentence;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.support.S3ProxyServer;
import com.seqtag.support.TinyModels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3ModelStore} against a real S3 server: S3Proxy in its own JVM, one per class. */
class S3ModelStoreTest {

    private static final String BUCKET = "models";
    private static final List<String> SENTENCE = List.of("Anna", "Berg", "flew", "from", "Oslo", "to", "Lima", ".");

    @TempDir
    static Path serverDirectory;

    private static S3ProxyServer server;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @TempDir
    Path cacheA;
    @TempDir
    Path cacheB;

    private S3Settings settings;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<ILoggingEvent> logged = Collections.synchronizedList(new ArrayList<>());
    private ListAppender<ILoggingEvent> appender;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start(serverDirectory);
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void prefixOfItsOwn(TestInfo test) {
        // Each test has a prefix of its own in the shared bucket, so no test sees another's objects.
        settings = S3Settings.of(BUCKET, "t" + PREFIXES.incrementAndGet() + "-" + test.getTestMethod().orElseThrow().getName(),
                server.endpoint().toString(), null, true, "when-required");
        appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logged.add(event);
            }
        };
        appender.start();
        ((Logger) LoggerFactory.getLogger(S3ModelStore.class)).addAppender(appender);
    }

    @AfterEach
    void closeStores() throws Exception {
        ((Logger) LoggerFactory.getLogger(S3ModelStore.class)).detachAppender(appender);
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void aStoredVersionReadsBackWithTheSameManifestAndAnswers() throws IOException {
        S3ModelStore store = store(cacheA);
        ModelArtifact original = version("round-trip");

        ModelManifest written = store.put(original);
        assertThat(written.version()).isEqualTo("round-trip");
        assertThat(written.entryChecksums()).isNotEmpty();
        assertThat(cacheA.resolve("round-trip.seqtag")).isRegularFile();
        assertThat(store.contains("round-trip")).isTrue();
        assertThat(store.contains("other")).isFalse();

        ModelArtifact read = store.get("round-trip");
        assertThat(json(read.manifest())).isEqualTo(json(written));
        assertThat(tag(read)).isEqualTo(tag(original));
    }

    @Test
    void aSecondReplicaWithAnEmptyCacheDownloadsVerifiesAndThenReadsItsCache() throws IOException {
        ModelManifest written = store(cacheA).put(version("shared"));
        S3ModelStore replica = store(cacheB);

        long before = replica.requestCount();
        ModelArtifact downloaded = replica.get("shared");
        assertThat(replica.requestCount()).isEqualTo(before + 1);
        assertThat(json(downloaded.manifest())).isEqualTo(json(written));
        assertThat(tag(downloaded)).isEqualTo(tag(TinyModels.artifact()));
        assertThat(cacheB.resolve("shared.seqtag")).isRegularFile();
        assertThat(temporaryFiles(cacheB)).isEmpty();

        ModelArtifact cached = replica.get("shared");
        assertThat(replica.requestCount()).as("read from the cache, not the server").isEqualTo(before + 1);
        assertThat(json(cached.manifest())).isEqualTo(json(written));
    }

    @Test
    void aStoredVersionIsNeverOverwritten() throws IOException {
        S3ModelStore store = store(cacheA);
        ModelManifest first = store.put(version("fixed"));
        ModelArtifact impostor = version("fixed", "2020-01-01T00:00:00Z");

        assertThatThrownBy(() -> store.put(impostor)).isInstanceOf(IOException.class)
                .hasMessage("model version fixed is already stored");
        assertThatThrownBy(() -> store(cacheB).put(impostor)).hasMessage("model version fixed is already stored");

        S3ModelStore replica = store(cacheB);
        assertThat(json(replica.get("fixed").manifest())).isEqualTo(json(first));
        assertThat(replica.list()).singleElement().satisfies(v -> assertThat(json(v.manifest())).isEqualTo(json(first)));
    }

    @Test
    void listShowsEveryVersionWithItsManifestSizeAndTime() throws IOException {
        S3ModelStore store = store(cacheA);
        ModelManifest one = store.put(version("one"));
        ModelManifest two = store.put(version("two"));
        // An artifact whose manifest object is missing (an upload cut short between the two).
        ModelManifest three = store.put(version("three"));
        try (S3Client s3 = client()) {
            s3.deleteObject(b -> b.bucket(BUCKET).key(settings.prefix() + "versions/three.manifest.json"));
        }

        List<ModelStore.StoredVersion> listed = store(cacheB).list();
        assertThat(listed).extracting(ModelStore.StoredVersion::version).containsExactlyInAnyOrder("one", "two", "three");
        assertThat(listed).allSatisfy(v -> {
            assertThat(v.problem()).isNull();
            assertThat(v.sizeBytes()).isEqualTo(Files.size(cacheA.resolve(v.version() + ".seqtag")));
            assertThat(v.storedAt()).isNotNull();
        });
        assertThat(listed).extracting(v -> json(v.manifest())).containsExactlyInAnyOrder(json(one), json(two), json(three));
    }

    @Test
    void theActivePointerAndItsHistoryAreSharedByReplicas() throws IOException {
        S3ModelStore store = store(cacheA);
        assertThat(store.activeVersion()).isEmpty();
        assertThat(store.history()).isEmpty();

        store.setActiveVersion("v1");
        store.setActiveVersion("v2");
        store.setActiveVersion("v1");

        assertThat(store.activeVersion()).contains("v1");
        S3ModelStore replica = store(cacheB);
        assertThat(replica.activeVersion()).contains("v1");
        assertThat(replica.history()).containsExactly("v1", "v2", "v1");
        try (S3Client s3 = client()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(settings.prefix() + "ACTIVE")).asUtf8String())
                    .isEqualTo("v1\n");
        }
    }

    @Test
    void impossibleVersionIdsAreRefusedBeforeAnyRequest() {
        S3ModelStore store = store(cacheA);
        long before = store.requestCount();
        for (String bad : List.of("../ACTIVE", "a/b", "..", "", "-x")) {
            assertThatThrownBy(() -> store.get(bad)).isInstanceOf(UnknownModelVersionException.class);
            assertThatThrownBy(() -> store.setActiveVersion(bad)).isInstanceOf(UnknownModelVersionException.class);
            assertThat(store.contains(bad)).isFalse();
        }
        assertThat(store.requestCount()).isEqualTo(before);
        assertThatThrownBy(() -> store.get("absent")).isInstanceOf(UnknownModelVersionException.class);
    }

    @Test
    void pollingAnUnchangedPointerIsAConditionalRequestAnswered304() throws IOException {
        store(cacheA).setActiveVersion("first");
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        S3Client watched = S3ModelStore.clientBuilder(settings, server.credentials())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                        statuses.add(context.httpResponse().statusCode());
                    }
                }))
                .build();
        S3ModelStore poller = open(new S3ModelStore(watched, settings, cacheB));

        assertThat(poller.activeVersion()).contains("first");
        assertThat(statuses).containsExactly(200);
        long before = poller.requestCount();
        for (int i = 0; i < 3; i++) {
            assertThat(poller.activeVersion()).contains("first");
        }
        assertThat(poller.requestCount()).isEqualTo(before + 3);
        assertThat(statuses).containsExactly(200, 304, 304, 304);

        store(cacheA).setActiveVersion("second");
        assertThat(poller.activeVersion()).contains("second");
        assertThat(statuses).endsWith(200);
        assertThat(poller.activeVersion()).contains("second");
        assertThat(statuses).endsWith(200, 304);
    }

    @Test
    void aCorruptedVersionIsRefusedWithAnErrorAndNotCached() throws IOException {
        store(cacheA).put(version("rotten"));
        // A flipped byte in the object as the server keeps it (metadata untouched), as bit rot would leave it.
        flipByte(server.objectFile(BUCKET, settings.prefix() + "versions/rotten.seqtag"));
        S3ModelStore replica = store(cacheB);

        assertThatThrownBy(() -> replica.get("rotten")).isInstanceOf(ModelArtifact.InvalidModelException.class)
                .hasMessageContaining("rotten").hasMessageContaining("corrupted");
        assertThat(cacheB.resolve("rotten.seqtag")).doesNotExist();
        assertThat(temporaryFiles(cacheB)).isEmpty();
        assertThat(logged).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains("rotten").contains(replica.describe());
        });

        // Overwritten through S3 with a flipped byte and no recorded SHA-256: the entries' checksums catch it.
        store(cacheA).put(version("rewritten"));
        try (S3Client s3 = client()) {
            String key = settings.prefix() + "versions/rewritten.seqtag";
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
            bytes[bytes.length / 2] ^= 0x01;
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
        }
        assertThatThrownBy(() -> replica.get("rewritten")).isInstanceOf(ModelArtifact.InvalidModelException.class)
                .hasMessageContaining("rewritten");
        assertThat(cacheB.resolve("rewritten.seqtag")).doesNotExist();
        assertThat(temporaryFiles(cacheB)).isEmpty();
    }

    @Test
    void aMissingBucketIsAStartUpErrorNamingBucketAndEndpoint() {
        S3Settings missing = S3Settings.of("no-such-bucket", null, server.endpoint().toString(), null, true, null);
        assertThatThrownBy(() -> S3ModelStore.connect(missing, cacheA, server.credentials()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bucket \"no-such-bucket\" does not exist at " + server.endpoint());
    }

    @Test
    void sharedRecordsAreObjectsUnderThePrefixThatASecondReplicaSees() throws IOException {
        S3ModelStore store = store(cacheA);
        SharedRecordsTest.behavesAsSharedRecords(store.records());

        store.records().write("jobs/seen.json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(store(cacheB).records().list("jobs")).containsExactly("jobs/seen.json");
        assertThat(server.objectFile(BUCKET, settings.prefix() + "jobs/seen.json")).exists();
        assertThat(store.list()).as("records are not versions").isEmpty();
    }

    @Test
    void aServerThatCannotBeReachedIsNotAStartUpError() throws IOException {
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort());
        S3Settings unreachable = S3Settings.of(BUCKET, null, nowhere.toString(), null, true, null);
        S3ModelStore store = open(S3ModelStore.connect(unreachable, cacheA, server.credentials()));

        assertThat(logged).anySatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
        assertThatThrownBy(store::activeVersion).isInstanceOf(ModelStoreUnavailableException.class)
                .hasMessageContaining("S3 bucket models at " + nowhere);
    }

    @Test
    void aStoreThatWentDownIsUnavailableAndServesAgainWhenItIsBack() throws IOException {
        S3ModelStore store = store(cacheA);
        store.put(version("before"));
        store.setActiveVersion("before");
        store(cacheB).put(version("elsewhere"));
        String described = store.describe();
        assertThat(described).isEqualTo("S3 bucket models at " + server.endpoint() + ", prefix " + settings.prefix());

        server.stop();
        try {
            assertThatThrownBy(store::activeVersion).isInstanceOf(ModelStoreUnavailableException.class)
                    .hasMessageStartingWith(described + " cannot be reached");
            assertThatThrownBy(() -> store.get("elsewhere")).isInstanceOf(ModelStoreUnavailableException.class)
                    .hasMessageContaining(described);
            assertThatThrownBy(() -> store.put(version("during"))).isInstanceOf(ModelStoreUnavailableException.class)
                    .hasMessageContaining(described);
            assertThatThrownBy(store::list).isInstanceOf(ModelStoreUnavailableException.class);
            assertThatThrownBy(() -> store.setActiveVersion("elsewhere"))
                    .isInstanceOf(ModelStoreUnavailableException.class);
            // What is in the cache still reads: versions never change.
            assertThat(store.get("before").manifest().version()).isEqualTo("before");
            assertThat(temporaryFiles(cacheA)).isEmpty();
        } finally {
            server.start();
        }

        assertThat(store.activeVersion()).contains("before");
        assertThat(store.get("elsewhere").manifest().version()).isEqualTo("elsewhere");
        store.put(version("after"));
        store.setActiveVersion("after");
        assertThat(store(cacheB).activeVersion()).contains("after");
        assertThat(store.history()).containsExactly("before", "after");
    }

    @Test
    void recoverRemovesTemporaryFilesFromTheCache() throws IOException {
        S3ModelStore store = store(cacheA);
        store.put(version("kept"));
        Path leftover = Files.createFile(cacheA.resolve("kept.123.seqtag.tmp"));

        store.recover();

        assertThat(leftover).doesNotExist();
        assertThat(cacheA.resolve("kept.seqtag")).isRegularFile();
    }

    private S3ModelStore store(Path cache) {
        return open(S3ModelStore.connect(settings, cache, server.credentials()));
    }

    private S3Client client() {
        return S3ModelStore.client(settings, server.credentials());
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** The tiny model under another version id (and, when given, another creation time). */
    private static ModelArtifact version(String version, String... createdAt) {
        ModelArtifact tiny = TinyModels.artifact();
        ModelManifest m = tiny.manifest();
        ModelManifest renamed = new ModelManifest(m.formatVersion(), version,
                createdAt.length > 0 ? createdAt[0] : m.createdAt(), m.config(), m.training(), m.labels(),
                m.embeddings(), m.vocabularySize(), m.trainingDataSha256(), m.metrics(), Map.of());
        return new ModelArtifact(renamed, tiny.network(), tiny.vocabulary(), tiny.characters());
    }

    /** A manifest as stored (in memory its training settings hold records; read back, maps). */
    private static String json(ModelManifest manifest) {
        try {
            return new String(ModelArtifact.manifestJson(manifest), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TaggedSentence tag(ModelArtifact artifact) {
        return artifact.tagger(EmbeddingStore.withBundled()).tag(SENTENCE);
    }

    private static List<Path> temporaryFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static void flipByte(Path file) throws IOException {
        assertThat(file).isRegularFile();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
