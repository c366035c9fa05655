package com.seqtag.cli;

import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.NativeThreads;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that runs the network shares: where the pretrained vectors are, how many native threads. */
final class ComputeOptions {

    @Option(names = "--embeddings", description = "Compact pretrained vectors (default: the bundled GloVe 100-d).")
    Path embeddingsFile;

    @Option(names = "--threads", description = "Native threads for ND4J (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    /** Limits ND4J's native threads; call before the first network is built or loaded. */
    void limitThreads() {
        NativeThreads.limitTo(threads);
    }

    /** The pretrained vectors: the bundled ones, plus the given file when there is one. */
    EmbeddingStore embeddings() {
        return embeddingsFile != null ? EmbeddingStore.withBundled(embeddingsFile) : EmbeddingStore.withBundled();
    }
}
