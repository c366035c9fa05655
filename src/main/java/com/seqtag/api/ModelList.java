package com.seqtag.api;

import com.seqtag.registry.ModelVersion;
import java.util.List;

/**
 * {@code GET /admin/models}: every model version, the bundled one first.
 *
 * @param active the version serving requests now
 * @param models all versions with their metadata; {@code active} marks the serving one
 */
public record ModelList(String active, List<ModelVersion> models) {
}
