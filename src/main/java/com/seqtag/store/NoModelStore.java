package com.seqtag.store;

import java.util.List;
import java.util.Optional;

/** The store when no model directory is configured: empty, and refuses to store. */
final class NoModelStore implements ModelStore {

    private final SharedRecords records = new InMemoryRecords();

    /** Job records live in this process: with no store there is no other replica to share them with. */
    @Override
    public SharedRecords records() {
        return records;
    }

    @Override
    public ModelManifest put(ModelArtifact artifact) {
        throw new IllegalStateException("no model directory is configured (seqtag.model-dir)");
    }

    @Override
    public ModelArtifact get(String version) {
        throw new UnknownModelVersionException(version);
    }

    @Override
    public boolean contains(String version) {
        return false;
    }

    @Override
    public List<StoredVersion> list() {
        return List.of();
    }

    @Override
    public Optional<String> activeVersion() {
        return Optional.empty();
    }

    @Override
    public void setActiveVersion(String version) {
        // Nothing to record: without storage the choice lives in memory only.
    }

    @Override
    public List<String> history() {
        return List.of();
    }

    @Override
    public void recover() {
    }

    @Override
    public String describe() {
        return "no model store (seqtag.model-dir unset)";
    }
}
