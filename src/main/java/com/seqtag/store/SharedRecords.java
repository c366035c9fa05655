package com.seqtag.store;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Small documents every replica reads and writes beside the model versions: training job records
 * and the training lease. A record is named {@code folder/name} and is always written whole, so a
 * reader sees the old content or the new, never a mix. Only read-after-write and listing that
 * shows every finished write are assumed (S3 has given both since 2020; so does a local or NFS
 * directory); no compare-and-swap, which not every S3-compatible server enforces.
 */
public interface SharedRecords {

    /** What a record name may look like: one folder, one file name, nothing that could escape them. */
    Pattern NAME = Pattern.compile("[a-z]+/[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** Replaces the record (or creates it) whole. */
    void write(String name, byte[] content) throws IOException;

    /** The record's content, or empty when there is no such record. */
    Optional<byte[]> read(String name) throws IOException;

    /** The names of every record in {@code folder} (e.g. {@code "jobs"}), in no particular order. */
    List<String> list(String folder) throws IOException;

    /** Removes the record; nothing happens when it does not exist. */
    void delete(String name) throws IOException;

    /** Refuses a name that {@link #NAME} does not allow, before it touches files or keys. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a record name: " + name);
        }
        return name;
    }

    /** Refuses a folder name that could not hold records. */
    static String checkFolder(String folder) {
        if (folder == null || !folder.matches("[a-z]+")) {
            throw new IllegalArgumentException("not a record folder: " + folder);
        }
        return folder;
    }
}
