package com.seqtag.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds pretrained vectors by their SHA-256 among known sources (files given by the operator, then
 * the copy bundled on the class path) and reads each source at most once, shared by all models.
 */
public final class EmbeddingStore {

    /** Class-path location of the bundled GloVe vectors. */
    public static final String BUNDLED_RESOURCE = "embeddings/glove-6b-100d.int8.gz";

    private final List<Source> sources;
    private final PretrainedEmbeddings[] read;

    private EmbeddingStore(List<Source> sources) {
        this.sources = List.copyOf(sources);
        this.read = new PretrainedEmbeddings[sources.size()];
    }

    /** A store that knows the given files first, then the bundled vectors. */
    public static EmbeddingStore withBundled(Path... files) {
        List<Source> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(() -> PretrainedEmbeddings.read(file));
        }
        sources.add(EmbeddingStore::readBundled);
        return new EmbeddingStore(sources);
    }

    /** The vectors new models are trained with: those of the first source. */
    public synchronized PretrainedEmbeddings defaultEmbeddings() {
        return source(0);
    }

    /** The vectors with this SHA-256, reading sources in order until one matches. */
    public synchronized PretrainedEmbeddings bySha256(String sha256) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            PretrainedEmbeddings candidate = source(i);
            if (candidate.sha256().equals(sha256)) {
                return candidate;
            }
            seen.add(candidate.name() + " (" + candidate.sha256() + ")");
        }
        throw new IllegalStateException("no pretrained vectors with SHA-256 " + sha256 + "; available: " + seen);
    }

    private PretrainedEmbeddings source(int index) {
        if (read[index] == null) {
            try {
                read[index] = sources.get(index).open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read pretrained vectors: " + e.getMessage(), e);
            }
        }
        return read[index];
    }

    private static PretrainedEmbeddings readBundled() throws IOException {
        try (InputStream in = EmbeddingStore.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IOException("bundled vectors " + BUNDLED_RESOURCE + " are missing from the class path");
            }
            return PretrainedEmbeddings.read(Path.of(BUNDLED_RESOURCE).getFileName().toString(), in);
        }
    }

    /** Something the vectors can be read from. */
    @FunctionalInterface
    private interface Source {
        PretrainedEmbeddings open() throws IOException;
    }
}
