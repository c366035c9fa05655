package com.seqtag.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows where models live and which one is active. Swapping is replacing one reference: a request
 * captures {@link #active()} once and finishes on that model, so no request ever mixes two.
 * Models are stored in the model directory as {@code <version>.seqtag}; the file {@code ACTIVE}
 * names the active version (the bundled model's version included) so the choice survives a
 * restart, and {@code HISTORY} lists the versions active before it, for falling back when a file
 * turns out damaged. Every write is atomic (temporary file, fsync, rename; appends fsynced): a
 * crash leaves either the old or the new file, never a partial one.
 */
public final class ModelRegistry {

    /** Class-path location of the bundled model. */
    public static final String BUNDLED_MODEL = "models/default.seqtag";
    /** File in the model directory naming the active version. */
    public static final String ACTIVE_FILE = "ACTIVE";
    /** File in the model directory listing every version that was made active, oldest first. */
    public static final String HISTORY_FILE = "HISTORY";
    /** What a version id may look like; anything else (slashes, "..") is refused before touching files. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final Path modelDirectory;
    private final EmbeddingStore embeddings;
    private final ActivationListener activationListener;
    private final AtomicReference<LoadedModel> active = new AtomicReference<>();
    private final Object swapLock = new Object();
    private volatile ModelManifest bundledManifest;

    /**
     * @param modelDirectory where models are stored, or null to serve only the bundled model
     * @param embeddings     where models find their pretrained vectors
     */
    public ModelRegistry(Path modelDirectory, EmbeddingStore embeddings) {
        this(modelDirectory, embeddings, ActivationListener.NONE);
    }

    /**
     * @param modelDirectory     where models are stored, or null to serve only the bundled model
     * @param embeddings         where models find their pretrained vectors
     * @param activationListener told the version of every model that starts serving
     */
    public ModelRegistry(Path modelDirectory, EmbeddingStore embeddings, ActivationListener activationListener) {
        this.modelDirectory = modelDirectory;
        this.embeddings = embeddings;
        this.activationListener = activationListener;
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
            activationListener.activated(model.version());
        }
        log.info("active model is now {}", model.version());
    }

    /** Serves a freshly trained artifact and records it as the active version on disk. */
    public synchronized void activate(ModelArtifact artifact) throws IOException {
        LoadedModel model = new LoadedModel(artifact.manifest(), artifact.tagger(embeddings));
        writeActiveFile(model.version());
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
        ModelArtifact artifact;
        if (version.equals(bundledManifest().version())) {
            artifact = readBundled();
        } else {
            Path file = storedFile(version);
            if (!Files.isRegularFile(file)) {
                throw new UnknownModelVersionException(version);
            }
            artifact = ModelArtifact.read(file);
        }
        LoadedModel model = new LoadedModel(artifact.manifest(), artifact.tagger(embeddings));
        writeActiveFile(model.version());
        activate(model);
        return model;
    }

    /**
     * Writes a trained artifact into the model directory as a new version. Never overwrites: a
     * version is immutable once stored.
     */
    public synchronized ModelManifest store(ModelArtifact artifact) throws IOException {
        Path file = storedFile(artifact.manifest().version());
        if (Files.exists(file)) {
            throw new IOException("model version " + artifact.manifest().version() + " is already stored");
        }
        if (!Files.exists(modelDirectory.resolve(ACTIVE_FILE)) && isReady()) {
            // Pin the current choice first: without ACTIVE, a restart would serve the newest file,
            // which may be a candidate the validation gate rejected.
            writeActiveFile(active().version());
        }
        return artifact.write(file);
    }

    /** Every version: the bundled one first, then stored ones, newest first; the active one is marked. */
    public List<ModelVersion> versions() throws IOException {
        String activeVersion = isReady() ? active().version() : null;
        List<ModelVersion> versions = new ArrayList<>();
        ModelManifest bundled = bundledManifest();
        versions.add(ModelVersion.of(bundled, "bundled", bundled.version().equals(activeVersion), bundledSize()));
        List<ModelVersion> stored = new ArrayList<>();
        for (Path file : storedFiles()) {
            long size = Files.size(file);
            String fileVersion = file.getFileName().toString().replaceFirst("\\.seqtag$", "");
            try {
                ModelManifest manifest = ModelArtifact.readManifest(file);
                stored.add(ModelVersion.of(manifest, "stored", manifest.version().equals(activeVersion), size));
            } catch (IOException | RuntimeException e) {
                stored.add(ModelVersion.unusable(fileVersion, size, e.getMessage()));
            }
        }
        stored.sort(Comparator.comparing((ModelVersion v) -> v.createdAt() == null ? "" : v.createdAt()).reversed());
        versions.addAll(stored);
        return versions;
    }

    /** The bundled model's manifest (read once). */
    public ModelManifest bundledManifest() throws IOException {
        ModelManifest manifest = bundledManifest;
        if (manifest == null) {
            try (InputStream in = bundledStream()) {
                manifest = ModelArtifact.readManifest(in);
            }
            bundledManifest = manifest;
        }
        return manifest;
    }

    /**
     * Loads the model that should serve at start-up and activates it: the version named in
     * {@code ACTIVE}; if that file is damaged (truncated, corrupted, failed checksum), the versions
     * active before it, latest first (from {@code HISTORY}); with neither file, the newest stored
     * model; and when nothing stored loads, the bundled model. Every refused file is logged, so a
     * damaged file never keeps the service down and never goes unnoticed. Temporary files left by
     * a write that a crash interrupted are removed first.
     */
    public LoadedModel loadInitial() throws IOException {
        removeInterruptedWrites();
        ModelArtifact artifact = null;
        String bundledVersion = bundledManifest().version();
        List<String> candidates = startUpCandidates();
        if (candidates.isEmpty()) {
            log.info("no stored model in {}; loading the bundled model", modelDirectory);
        }
        for (String version : candidates) {
            if (version.equals(bundledVersion)) {
                break;
            }
            Path file = storedFile(version);
            log.info("loading model {}", file);
            try {
                artifact = ModelArtifact.read(file);
                break;
            } catch (IOException | RuntimeException e) {
                log.error("model {} is refused: {}; falling back to the last good model", file, e.getMessage());
            }
        }
        if (artifact == null) {
            if (!candidates.isEmpty() && !candidates.get(0).equals(bundledVersion)) {
                log.warn("no stored model could be loaded; the bundled model {} serves", bundledVersion);
            }
            artifact = readBundled();
        }
        LoadedModel model = new LoadedModel(artifact.manifest(), artifact.tagger(embeddings));
        activate(model);
        return model;
    }

    /** Versions to try at start-up, best first (see {@link #loadInitial()}); empty: the bundled model. */
    private List<String> startUpCandidates() throws IOException {
        List<String> candidates = new ArrayList<>();
        if (modelDirectory == null || !Files.isDirectory(modelDirectory)) {
            return candidates;
        }
        String bundledVersion = bundledManifest().version();
        Path activeFile = modelDirectory.resolve(ACTIVE_FILE);
        if (Files.isRegularFile(activeFile)) {
            addCandidate(candidates, Files.readString(activeFile, StandardCharsets.UTF_8).strip(), bundledVersion);
            if (candidates.isEmpty()) {
                log.warn("{} names a model that does not exist", activeFile);
            }
        }
        Path historyFile = modelDirectory.resolve(HISTORY_FILE);
        if (Files.isRegularFile(historyFile)) {
            List<String> history = new ArrayList<>(Files.readAllLines(historyFile, StandardCharsets.UTF_8));
            Collections.reverse(history);
            history.forEach(version -> addCandidate(candidates, version.strip(), bundledVersion));
        }
        if (candidates.isEmpty()) {
            storedFiles().stream()
                    .max(Comparator.comparing(ModelRegistry::lastModified))
                    .ifPresent(file -> candidates.add(file.getFileName().toString().replaceFirst("\\.seqtag$", "")));
        }
        return candidates;
    }

    private void addCandidate(List<String> candidates, String version, String bundledVersion) {
        if (VERSION.matcher(version).matches() && !candidates.contains(version)
                && (version.equals(bundledVersion) || Files.isRegularFile(storedFile(version)))) {
            candidates.add(version);
        }
    }

    /** Deletes the temporary files of writes a crash cut short; the files they were meant to become are intact. */
    private void removeInterruptedWrites() throws IOException {
        if (modelDirectory == null || !Files.isDirectory(modelDirectory)) {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(modelDirectory, "*.tmp")) {
            for (Path file : stream) {
                log.warn("removing {}, left by a write that did not finish", file);
                Files.deleteIfExists(file);
            }
        }
    }

    private Path storedFile(String version) {
        if (!VERSION.matcher(version).matches()) {
            throw new UnknownModelVersionException(version);
        }
        if (modelDirectory == null) {
            throw new IllegalStateException("no model directory is configured (seqtag.model-dir)");
        }
        return modelDirectory.resolve(version + ModelArtifact.EXTENSION);
    }

    private List<Path> storedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        if (modelDirectory == null || !Files.isDirectory(modelDirectory)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(modelDirectory, "*" + ModelArtifact.EXTENSION)) {
            stream.forEach(files::add);
        }
        return files;
    }

    private void writeActiveFile(String version) throws IOException {
        if (modelDirectory == null) {
            return;
        }
        Files.createDirectories(modelDirectory);
        // History first: if a crash comes between the two writes, the history merely names the
        // version ACTIVE was about to name, and start-up tries ACTIVE first anyway.
        try (FileChannel history = FileChannel.open(modelDirectory.resolve(HISTORY_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            history.write(StandardCharsets.UTF_8.encode(version + "\n"));
            history.force(true);
        }
        Path temporary = Files.createTempFile(modelDirectory, ACTIVE_FILE, ".tmp");
        try {
            Files.writeString(temporary, version + "\n", StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, modelDirectory.resolve(ACTIVE_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private long bundledSize() {
        try (InputStream in = bundledStream()) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return 0;
        }
    }

    /** Reads the model bundled on the class path. */
    public static ModelArtifact readBundled() throws IOException {
        try (InputStream in = bundledStream()) {
            return ModelArtifact.read(in);
        }
    }

    private static InputStream bundledStream() throws IOException {
        InputStream in = ModelRegistry.class.getClassLoader().getResourceAsStream(BUNDLED_MODEL);
        if (in == null) {
            throw new IOException("no bundled model at " + BUNDLED_MODEL + " on the class path");
        }
        return in;
    }

    /** Told which model serves after every swap (start-up load, promotion, rollback). */
    @FunctionalInterface
    public interface ActivationListener {

        /** Ignores swaps. */
        ActivationListener NONE = version -> { };

        /** Called once {@code version} serves new requests. */
        void activated(String version);
    }

    /** No model has this version (or the name is not a possible version). */
    public static class UnknownModelVersionException extends RuntimeException {
        public UnknownModelVersionException(String version) {
            super("no model version \"" + (version.length() > 80 ? version.substring(0, 77) + "..." : version) + "\"");
        }
    }
}
