package com.seqtag.store;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where model versions are kept: immutable versions, the active pointer and its history. It only
 * keeps them; which version serves is decided by the registry. Implementations must make every
 * write atomic, so a crash leaves the old or the new state, never a partial one.
 */
public interface ModelStore {

    /**
     * Stores a new version under its manifest's version id. Never overwrites: a version is
     * immutable once stored.
     *
     * @return the manifest as written (with entry checksums filled in)
     * @throws IOException when the version already exists or cannot be written
     */
    ModelManifest put(ModelArtifact artifact) throws IOException;

    /**
     * Reads a stored version, verifying every checksum.
     *
     * @throws UnknownModelVersionException when no such version is stored
     * @throws IOException                  when it is stored but damaged
     */
    ModelArtifact get(String version) throws IOException;

    /** Whether {@code version} is stored (false for names that cannot be a version). */
    boolean contains(String version);

    /** Every stored version, in no particular order, with its manifest or why it cannot be read. */
    List<StoredVersion> list() throws IOException;

    /** The version the active pointer names, as written (it may name a version no longer stored). */
    Optional<String> activeVersion() throws IOException;

    /** Points the active pointer at {@code version} and appends it to the history. */
    void setActiveVersion(String version) throws IOException;

    /** Every version the active pointer has named, oldest first. */
    List<String> history() throws IOException;

    /** Removes what writes cut short by a crash left behind; what they were meant to replace is intact. */
    void recover() throws IOException;

    /** Small documents kept beside the versions and shared by every replica: training jobs and their lease. */
    SharedRecords records();

    /** Where the store keeps its versions, for log lines (never credentials). */
    String describe();

    /**
     * A store that keeps no versions: only the bundled model serves, and nothing can be stored.
     * Its records live in memory, so each call gives a new, empty store.
     */
    static ModelStore none() {
        return new NoModelStore();
    }

    /**
     * One stored version as listed.
     *
     * @param version   version id
     * @param manifest  its manifest, or null when it cannot be read
     * @param sizeBytes size of the stored artifact
     * @param storedAt  when it was stored
     * @param problem   why it cannot be used (null when its manifest reads)
     */
    record StoredVersion(String version, ModelManifest manifest, long sizeBytes, Instant storedAt, String problem) {
    }
}
