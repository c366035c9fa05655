package com.seqtag.store;

import com.seqtag.model.ModelConfig;
import com.seqtag.data.IobCodec;
import java.util.List;
import java.util.Map;

/**
 * Everything that describes a saved model besides its weights: stored as {@code manifest.json}
 * inside the artifact.
 *
 * @param formatVersion      version of the artifact layout, raised on incompatible changes
 * @param version            the model's version id, unique per trained model
 * @param createdAt          ISO-8601 instant the model was saved
 * @param config             the network configuration
 * @param training           the training settings used (optimiser, epochs, data files)
 * @param labels             the label set in network output order
 * @param embeddings         the pretrained vectors the model reads, or null
 * @param vocabularySize     entries in the learned vocabulary, UNK included
 * @param trainingDataSha256 SHA-256 over the training sentences, to tell what a model learned from
 * @param metrics            validation scores at save time
 * @param entryChecksums     SHA-256 of every other entry of the artifact, verified on load
 */
public record ModelManifest(
        int formatVersion,
        String version,
        String createdAt,
        ModelConfig config,
        Map<String, Object> training,
        List<String> labels,
        EmbeddingsReference embeddings,
        int vocabularySize,
        String trainingDataSha256,
        ModelMetrics metrics,
        Map<String, String> entryChecksums) {

    /** The artifact layout this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** The entity types the model knows, derived from its labels (e.g. LOC, MISC, ORG, PER). */
    public List<String> entityTypes() {
        return IobCodec.entityTypes(labels);
    }

    /**
     * The version of the model this one was fine-tuned from (its training description's
     * {@code startedFrom}), or null for a model trained from scratch.
     */
    public String startedFrom() {
        Object startedFrom = training == null ? null : training.get("startedFrom");
        return startedFrom == null ? null : startedFrom.toString();
    }

    /** Names pretrained vectors by content, so models share one stored copy. */
    public record EmbeddingsReference(String name, String sha256, int dimensions) {
    }
}
