package com.seqtag.api;

import com.seqtag.store.ModelManifest;
import com.seqtag.store.ModelMetrics;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * {@code GET /model}: what the model answering {@code /tag} right now is and knows.
 *
 * @param version     its version (the {@code model} field of every {@code /tag} answer)
 * @param entityTypes the entity types it can find
 * @param labels      its IOB2 labels
 * @param createdAt   when it was trained
 * @param metrics     its validation scores
 */
public record ActiveModelResponse(
        @Schema(example = "ner-20261123-080011-fcbf6fb1") String version,
        @Schema(example = "[\"LOC\", \"MISC\", \"ORG\", \"PER\"]") List<String> entityTypes,
        List<String> labels,
        String createdAt,
        ModelMetrics metrics) {

    static ActiveModelResponse of(ModelManifest manifest) {
        return new ActiveModelResponse(manifest.version(), manifest.entityTypes(), manifest.labels(),
                manifest.createdAt(), manifest.metrics());
    }
}
