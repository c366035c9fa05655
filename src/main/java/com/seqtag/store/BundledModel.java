package com.seqtag.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The model inside the jar: a version of its own that serves when nothing stored can. */
public final class BundledModel {

    /** Class-path location of the bundled model. */
    public static final String RESOURCE = "models/default.seqtag";

    private BundledModel() {
    }

    /** Reads the whole bundled model, verifying its checksums. */
    public static ModelArtifact read() throws IOException {
        try (InputStream in = open()) {
            return ModelArtifact.read(in);
        }
    }

    /** Reads only the bundled model's manifest. */
    public static ModelManifest readManifest() throws IOException {
        try (InputStream in = open()) {
            return ModelArtifact.readManifest(in);
        }
    }

    /** Size of the bundled artifact in bytes, or 0 when it cannot be read. */
    public static long size() {
        try (InputStream in = open()) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return 0;
        }
    }

    private static InputStream open() throws IOException {
        InputStream in = BundledModel.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("no bundled model at " + RESOURCE + " on the class path");
        }
        return in;
    }
}
