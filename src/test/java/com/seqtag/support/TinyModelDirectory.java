package com.seqtag.support;

import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temporary model directory holding one freshly trained tiny model, marked active. */
public record TinyModelDirectory(Path directory, ModelManifest manifest) {

    /** Trains the tiny model and writes it into a new temporary directory. */
    public static TinyModelDirectory create() {
        try {
            Path directory = Files.createTempDirectory("seqtag-models");
            ModelArtifact artifact = TinyModels.artifact();
            ModelManifest written = artifact.write(directory.resolve(artifact.manifest().version() + ModelArtifact.EXTENSION));
            Files.writeString(directory.resolve(FileSystemModelStore.ACTIVE_FILE), written.version());
            return new TinyModelDirectory(directory, written);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
