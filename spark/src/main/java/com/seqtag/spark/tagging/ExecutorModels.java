package com.seqtag.spark.tagging;

import com.seqtag.inference.DocumentTagger;
import com.seqtag.inference.InferenceQueue;
import com.seqtag.model.BlasKernels;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.lean.PrecisionSetting;
import com.seqtag.registry.LoadedModel;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelStore;
import com.seqtag.text.SentenceSplitter;
import com.seqtag.text.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one executor JVM: each is loaded once, on first use, into the service's own
 * tagging path ({@link DocumentTagger} over an {@link InferenceQueue} and the lean network), and
 * then shared by every task of that JVM, whose sentences the queue batches together as it does
 * concurrent requests in the service.
 */
public final class ExecutorModels {

    private static final Logger log = LoggerFactory.getLogger(ExecutorModels.class);

    /**
     * Per JVM, by model version. Static on purpose: Spark gives tasks no object that lives as long
     * as the executor, and loading a model per task would cost seconds each time.
     */
    private static final Map<String, DocumentTagger> TAGGERS = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /**
     * The tagger for {@code version}, built from {@code artifact} (read only the first time).
     *
     * @param maxSentenceTokens longest sentence before the splitter cuts it, as the service's
     *                          {@code seqtag.inference.max-sentence-tokens}
     * @param precision         number format of the products, as the service's {@code seqtag.inference.precision}
     */
    public static DocumentTagger tagger(String version, Supplier<byte[]> artifact, int maxSentenceTokens,
                                        PrecisionSetting precision) {
        return TAGGERS.computeIfAbsent(version + "/" + maxSentenceTokens + "/" + precision,
                key -> load(artifact.get(), maxSentenceTokens, precision));
    }

    private static DocumentTagger load(byte[] bytes, int maxSentenceTokens, PrecisionSetting precision) {
        long started = System.nanoTime();
        BlasKernels.select();
        try {
            ModelArtifact artifact = ModelArtifact.read(new ByteArrayInputStream(bytes));
            EmbeddingStore embeddings = EmbeddingStore.withBundled();
            ModelRegistry registry = new ModelRegistry(ModelStore.none(), embeddings);
            registry.activate(new LoadedModel(artifact.manifest(), artifact.tagger(embeddings, precision)));
            // The service's queue with one worker per core Spark may run tasks on; no waiting for company,
            // as each task hands over whole batches of documents.
            int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
            InferenceQueue queue = new InferenceQueue(new InferenceQueue.Settings(1_000_000, 128, Duration.ZERO,
                    Duration.ofHours(1), workers, 1), InferenceQueue.BatchListener.NONE);
            DocumentTagger tagger = new DocumentTagger(registry, new Tokenizer(), new SentenceSplitter(maxSentenceTokens),
                    queue);
            log.info("loaded model {} in {} ms", artifact.manifest().version(), (System.nanoTime() - started) / 1_000_000);
            return tagger;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model artifact: " + e.getMessage(), e);
        }
    }
}
