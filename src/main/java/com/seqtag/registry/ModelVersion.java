package com.seqtag.registry;

import com.seqtag.model.ModelConfig;
import com.seqtag.store.ModelManifest;
import com.seqtag.store.ModelMetrics;
import java.util.List;
import java.util.Map;

/**
 * One model version the registry knows: the bundled model or a stored one.
 *
 * @param version            version id
 * @param source             "bundled" (inside the jar) or "stored" (in the model directory)
 * @param active             whether it serves requests now
 * @param createdAt          when it was trained
 * @param entityTypes        the entity types it finds
 * @param config             its network configuration
 * @param training           how it was trained (settings, data sources, sizes)
 * @param trainingDataSha256 hash of the sentences it learned from
 * @param metrics            its validation scores
 * @param sizeBytes          size of its artifact file
 * @param problem            why a stored file cannot be used (null when it can)
 */
public record ModelVersion(String version, String source, boolean active, String createdAt, List<String> entityTypes,
                           ModelConfig config, Map<String, Object> training, String trainingDataSha256,
                           ModelMetrics metrics, long sizeBytes, String problem) {

    static ModelVersion of(ModelManifest manifest, String source, boolean active, long sizeBytes) {
        return new ModelVersion(manifest.version(), source, active, manifest.createdAt(), manifest.entityTypes(),
                manifest.config(), manifest.training(), manifest.trainingDataSha256(), manifest.metrics(), sizeBytes,
                null);
    }

    static ModelVersion unusable(String fileVersion, long sizeBytes, String problem) {
        return new ModelVersion(fileVersion, "stored", false, null, List.of(), null, Map.of(), null, null, sizeBytes,
                problem);
    }
}
