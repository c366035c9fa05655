package com.seqtag.cli;

import com.seqtag.store.BundledModel;
import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.ModelArtifact;
import com.seqtag.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the models {@code train --init-from} and {@code --teachers} name: a file, a version in a
 * model directory or the bundled one, or "active".
 */
final class StartingModels {

    private StartingModels() {
    }

    /**
     * @param name     a {@code .seqtag} file, a version, or {@code "active"}
     * @param modelDir the model directory to look versions up in, or null for the bundled model only
     * @throws IllegalArgumentException when nothing by that name exists
     */
    static ModelArtifact read(String name, Path modelDir) throws IOException {
        return read(name, modelDir, "--init-from");
    }

    /** The same, naming {@code option} in the messages. */
    static ModelArtifact read(String name, Path modelDir, String option) throws IOException {
        Path file = Path.of(name);
        if (name.endsWith(ModelArtifact.EXTENSION) || Files.isRegularFile(file)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(option + ": no model file " + file);
            }
            return ModelArtifact.read(file);
        }
        FileSystemModelStore store = modelDir != null ? new FileSystemModelStore(modelDir) : null;
        String bundled = BundledModel.readManifest().version();
        String version = name;
        if (name.equals(TrainingConfig.ACTIVE_MODEL)) {
            Optional<String> active = store != null ? store.activeVersion() : Optional.empty();
            version = active.orElse(bundled);
        }
        if (version.equals(bundled)) {
            return BundledModel.read();
        }
        if (store == null || !store.contains(version)) {
            throw new IllegalArgumentException(option + ": no model version \"" + version + "\" "
                    + (store == null ? "(give --model-dir to look versions up, or a .seqtag file)"
                            : "in " + modelDir + " (nor is it the bundled model's " + bundled + ")"));
        }
        return store.get(version);
    }
}
