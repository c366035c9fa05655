package com.seqtag.registry;

import com.seqtag.model.Tagger;
import com.seqtag.store.ModelManifest;

/** A model ready to serve: its description and a tagger over its weights. */
public record LoadedModel(ModelManifest manifest, Tagger tagger) {

    /** The model's version id. */
    public String version() {
        return manifest.version();
    }
}
