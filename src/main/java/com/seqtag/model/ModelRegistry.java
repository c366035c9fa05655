package com.seqtag.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows where models live and which one is active. Swapping is replacing one reference: a request
 * captures {@link #active()} once and finishes on that model, so no request ever mixes two.
 * Models are read from the model directory ({@code <version>.seqtag}, the active one named in the
 * file {@code ACTIVE}); without any, the model bundled on the class path is served.
 */
public final class ModelRegistry {

    /** Class-path location of the bundled model. */
    public static final String BUNDLED_MODEL = "models/default.seqtag";
    /** File in the model directory naming the active version. */
    public static final String ACTIVE_FILE = "ACTIVE";

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final Path modelDirectory;
    private final EmbeddingStore embeddings;
    private final AtomicReference<LoadedModel> active = new AtomicReference<>();

    /**
     * @param modelDirectory where models are stored, or null to serve only the bundled model
     * @param embeddings     where models find their pretrained vectors
     */
    public ModelRegistry(Path modelDirectory, EmbeddingStore embeddings) {
        this.modelDirectory = modelDirectory;
        this.embeddings = embeddings;
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

    /** Makes {@code model} the one new requests are served by. */
    public void activate(LoadedModel model) {
        active.set(model);
        log.info("active model is now {}", model.version());
    }

    /**
     * Loads the model that should serve at start-up (the one named in {@code ACTIVE}, else the newest
     * in the model directory, else the bundled one) and activates it.
     */
    public LoadedModel loadInitial() throws IOException {
        Path chosen = chooseStoredModel();
        ModelArtifact artifact = null;
        if (chosen != null) {
            log.info("loading model {}", chosen);
            try {
                artifact = ModelArtifact.read(chosen);
            } catch (IOException | RuntimeException e) {
                // A damaged stored model must not keep the service down: the bundled one still works.
                log.error("model {} cannot be loaded ({}); falling back to the bundled model", chosen, e.getMessage());
            }
        } else {
            log.info("no stored model in {}; loading the bundled model", modelDirectory);
        }
        if (artifact == null) {
            artifact = readBundled();
        }
        LoadedModel model = new LoadedModel(artifact.manifest(), artifact.tagger(embeddings));
        activate(model);
        return model;
    }

    private Path chooseStoredModel() throws IOException {
        if (modelDirectory == null || !Files.isDirectory(modelDirectory)) {
            return null;
        }
        Path activeFile = modelDirectory.resolve(ACTIVE_FILE);
        if (Files.isRegularFile(activeFile)) {
            String version = Files.readString(activeFile, StandardCharsets.UTF_8).strip();
            Path named = modelDirectory.resolve(version + ModelArtifact.EXTENSION);
            if (Files.isRegularFile(named)) {
                return named;
            }
            log.warn("{} names model {} but {} does not exist", activeFile, version, named);
        }
        List<Path> models = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(modelDirectory, "*" + ModelArtifact.EXTENSION)) {
            files.forEach(models::add);
        }
        return models.stream()
                .max(Comparator.comparing(ModelRegistry::lastModified))
                .orElse(null);
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Reads the model bundled on the class path. */
    public static ModelArtifact readBundled() throws IOException {
        try (InputStream in = ModelRegistry.class.getClassLoader().getResourceAsStream(BUNDLED_MODEL)) {
            if (in == null) {
                throw new IOException("no bundled model at " + BUNDLED_MODEL + " on the class path");
            }
            return ModelArtifact.read(in);
        }
    }
}
