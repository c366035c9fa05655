package com.seqtag.registry;

import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.lean.PrecisionSetting;
import com.seqtag.model.lean.kernels.Precision;
import com.seqtag.store.BundledModel;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import com.seqtag.store.ModelStore;
import com.seqtag.store.ModelStoreUnavailableException;
import com.seqtag.store.UnknownModelVersionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which model serves: loads the start-up model, swaps in a promoted or chosen version, and
 * lists the versions. Swapping is replacing one reference: a request captures {@link #active()}
 * once and finishes on that model, so no request ever mixes two. Where versions are kept, and how
 * the choice survives a restart, is the {@link ModelStore}'s business; the bundled model is a
 * version of its own that needs no store.
 */
public final class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelStore store;
    private final EmbeddingStore embeddings;
    private final ActivationListener activationListener;
    private final PrecisionSetting precision;
    private final AtomicReference<LoadedModel> active = new AtomicReference<>();
    private final Object swapLock = new Object();
    private volatile ModelManifest bundledManifest;

    /**
     * @param store      where versions are kept ({@link ModelStore#none()} to serve only the bundled model)
     * @param embeddings where models find their pretrained vectors
     */
    public ModelRegistry(ModelStore store, EmbeddingStore embeddings) {
        this(store, embeddings, ActivationListener.NONE);
    }

    /**
     * @param store              where versions are kept
     * @param embeddings         where models find their pretrained vectors
     * @param activationListener told the version of every model that starts serving
     */
    public ModelRegistry(ModelStore store, EmbeddingStore embeddings, ActivationListener activationListener) {
        this(store, embeddings, activationListener, PrecisionSetting.FP32);
    }

    /**
     * @param precision the number format of the lean path's products for every model loaded
     *                  ({@code seqtag.inference.precision})
     */
    public ModelRegistry(ModelStore store, EmbeddingStore embeddings, ActivationListener activationListener,
                         PrecisionSetting precision) {
        this.store = store;
        this.embeddings = embeddings;
        this.activationListener = activationListener;
        this.precision = precision;
    }

    /** The model serving requests now. */
    public LoadedModel active() {
        LoadedModel model = active.get();
        if (model == null) {
            throw new ModelNotReadyException("the model is still loading; retry in a few seconds");
        }
        return model;
    }

    /** Whether a model has been loaded. */
    public boolean isReady() {
        return active.get() != null;
    }

    /** Makes {@code model} the one new requests are served by (in memory only). */
    public void activate(LoadedModel model) {
        // Synchronized so two swaps cannot reach the listener in the opposite order to the one they took effect in.
        synchronized (swapLock) {
            active.set(model);
            activationListener.activated(model.version(),
                    model.tagger().precision().map(Precision::label).orElse("dl4j"));
        }
        log.info("active model is now {}", model.version());
    }

    /** Serves a freshly trained artifact and records it as the active version in the store. */
    public synchronized void activate(ModelArtifact artifact) throws IOException {
        LoadedModel model = load(artifact);
        store.setActiveVersion(model.version());
        activate(model);
    }

    /**
     * Loads a known version (stored or bundled), checks it, serves it and records the choice: the
     * way to roll back or forward.
     *
     * @throws UnknownModelVersionException when no such version exists
     * @throws IOException                  when its file is damaged; the active model stays
     */
    public synchronized LoadedModel activateVersion(String version) throws IOException {
        LoadedModel model = load(artifact(version));
        store.setActiveVersion(model.version());
        activate(model);
        return model;
    }

    /**
     * Serves {@code version} because the store's active pointer names it (another replica, or an
     * operator, chose it): loads and verifies it, then swaps, without writing the pointer back.
     *
     * @return whether the model changed (false when {@code version} already serves)
     * @throws UnknownModelVersionException when the store does not have it
     * @throws IOException                  when it is damaged; the active model stays
     */
    public synchronized boolean follow(String version) throws IOException {
        if (isReady() && active().version().equals(version)) {
            return false;
        }
        activate(load(artifact(version)));
        return true;
    }

    /**
     * The version the store's active pointer names now, if any (asks the store).
     *
     * @throws ModelStoreUnavailableException when the pointer cannot be read
     */
    public Optional<String> storedActiveVersion() {
        try {
            return store.activeVersion();
        } catch (IOException e) {
            throw new ModelStoreUnavailableException(store.describe(), e);
        }
    }

    /**
     * Asks the store something cheap, so a write that would need it can be refused up front.
     *
     * @throws ModelStoreUnavailableException when the store cannot be reached
     */
    public void checkStore() {
        storedActiveVersion();
    }

    /** What the store is, for log lines and health details. */
    public String storeDescription() {
        return store.describe();
    }

    /** Writes a trained artifact into the store as a new version; it does not serve until activated. */
    public synchronized ModelManifest store(ModelArtifact artifact) throws IOException {
        if (store.activeVersion().isEmpty() && isReady()) {
            // Pin the current choice first: without it, a restart would serve the newest version,
            // which may be a candidate the validation gate rejected.
            store.setActiveVersion(active().version());
        }
        return store.put(artifact);
    }

    /** Every version: the bundled one first, then stored ones, newest first; the active one is marked. */
    public List<ModelVersion> versions() throws IOException {
        String activeVersion = isReady() ? active().version() : null;
        List<ModelVersion> versions = new ArrayList<>();
        ModelManifest bundled = bundledManifest();
        versions.add(ModelVersion.of(bundled, "bundled", bundled.version().equals(activeVersion), BundledModel.size()));
        List<ModelVersion> stored = new ArrayList<>();
        for (ModelStore.StoredVersion version : store.list()) {
            stored.add(version.manifest() == null
                    ? ModelVersion.unusable(version.version(), version.sizeBytes(), version.problem())
                    : ModelVersion.of(version.manifest(), "stored", version.manifest().version().equals(activeVersion),
                            version.sizeBytes()));
        }
        stored.sort(Comparator.comparing((ModelVersion v) -> v.createdAt() == null ? "" : v.createdAt()).reversed());
        versions.addAll(stored);
        return versions;
    }

    /** The bundled model's manifest (read once). */
    public ModelManifest bundledManifest() throws IOException {
        ModelManifest manifest = bundledManifest;
        if (manifest == null) {
            manifest = BundledModel.readManifest();
            bundledManifest = manifest;
        }
        return manifest;
    }

    /**
     * Loads the model that should serve at start-up and activates it: the version the store's
     * active pointer names; if that one is damaged (truncated, corrupted, failed checksum), the
     * versions active before it, latest first (from the history); with neither, the newest stored
     * model; and when nothing stored loads, the bundled model. Every refused version is logged, so
     * a damaged file never keeps the service down and never goes unnoticed. What writes cut short
     * by a crash left behind is removed first.
     *
     * @throws ModelStoreUnavailableException when the store cannot be reached: nothing is served
     *                                        rather than a model the store may not name
     */
    public LoadedModel loadInitial() throws IOException {
        store.recover();
        ModelArtifact artifact = null;
        String bundledVersion = bundledManifest().version();
        List<String> candidates = startUpCandidates();
        if (candidates.isEmpty()) {
            log.info("no stored model in {}; loading the bundled model", store.describe());
        }
        for (String version : candidates) {
            if (version.equals(bundledVersion)) {
                break;
            }
            log.info("loading model {} from {}", version, store.describe());
            try {
                artifact = store.get(version);
                break;
            } catch (ModelStoreUnavailableException e) {
                // Not a damaged version: the store is down, and serving something else now could
                // serve a model the rest of the fleet does not. The caller retries.
                throw e;
            } catch (IOException | RuntimeException e) {
                log.error("model {} in {} is refused: {}; falling back to the last good model", version,
                        store.describe(), e.getMessage());
            }
        }
        if (artifact == null) {
            if (!candidates.isEmpty() && !candidates.get(0).equals(bundledVersion)) {
                log.warn("no stored model could be loaded; the bundled model {} serves", bundledVersion);
            }
            artifact = BundledModel.read();
        }
        LoadedModel model = load(artifact);
        activate(model);
        return model;
    }

    /**
     * The manifest of a known version (the active, the bundled or a stored one), without loading its weights.
     *
     * @throws UnknownModelVersionException when no such version exists
     * @throws IOException                  when the store cannot list it
     */
    public ModelManifest manifest(String version) throws IOException {
        if (isReady() && active().version().equals(version)) {
            return active().manifest();
        }
        if (version.equals(bundledManifest().version())) {
            return bundledManifest();
        }
        if (!store.contains(version)) {
            throw new UnknownModelVersionException(version);
        }
        for (ModelStore.StoredVersion stored : store.list()) {
            if (stored.version().equals(version)) {
                if (stored.manifest() == null) {
                    throw new IOException("model " + version + " cannot be read: " + stored.problem());
                }
                return stored.manifest();
            }
        }
        throw new UnknownModelVersionException(version);
    }

    /**
     * A known version's artifact with its weights (checksums verified): the bundled one from the
     * jar, any other from the store; what loading a version and starting training from one read.
     *
     * @throws UnknownModelVersionException when no such version exists
     * @throws IOException                  when its file is damaged
     */
    public ModelArtifact artifact(String version) throws IOException {
        return version.equals(bundledManifest().version()) ? BundledModel.read() : store.get(version);
    }

    private LoadedModel load(ModelArtifact artifact) {
        return new LoadedModel(artifact.manifest(), artifact.tagger(embeddings, precision));
    }

    /** Versions to try at start-up, best first (see {@link #loadInitial()}); empty: the bundled model. */
    private List<String> startUpCandidates() throws IOException {
        List<String> candidates = new ArrayList<>();
        String bundledVersion = bundledManifest().version();
        var named = store.activeVersion();
        if (named.isPresent()) {
            addCandidate(candidates, named.get(), bundledVersion);
            if (candidates.isEmpty()) {
                log.warn("the active pointer in {} names a model that does not exist: {}", store.describe(), named.get());
            }
        }
        List<String> history = new ArrayList<>(store.history());
        Collections.reverse(history);
        history.forEach(version -> addCandidate(candidates, version, bundledVersion));
        if (candidates.isEmpty()) {
            store.list().stream()
                    .max(Comparator.comparing(ModelStore.StoredVersion::storedAt))
                    .ifPresent(newest -> candidates.add(newest.version()));
        }
        return candidates;
    }

    private void addCandidate(List<String> candidates, String version, String bundledVersion) {
        if (!candidates.contains(version) && (version.equals(bundledVersion) || store.contains(version))) {
            candidates.add(version);
        }
    }

    /** Told which model serves after every swap (start-up load, promotion, rollback). */
    @FunctionalInterface
    public interface ActivationListener {

        /** Ignores swaps. */
        ActivationListener NONE = (version, precision) -> { };

        /**
         * Called once {@code version} serves new requests, its products in {@code precision}
         * ({@code fp32}, {@code bf16}, {@code int8}, or {@code dl4j} off the lean path).
         */
        void activated(String version, String precision);
    }
}
