package com.seqtag.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versions as {@code <version>.seqtag} files in one directory; the file {@code ACTIVE} names the
 * active version and {@code HISTORY} lists every version it named, oldest first; {@code cluster/}
 * holds the shared records of training jobs. Every write is atomic (temporary file, fsync, rename;
 * appends fsynced).
 */
public final class FileSystemModelStore implements ModelStore {

    /** File in the directory naming the active version. */
    public static final String ACTIVE_FILE = "ACTIVE";
    /** File in the directory listing every version that was made active, oldest first. */
    public static final String HISTORY_FILE = "HISTORY";
    /** What a version id may look like; anything else (slashes, "..") is refused before touching files. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private static final Logger log = LoggerFactory.getLogger(FileSystemModelStore.class);

    /** Sub-directory holding the {@link #records() shared records} (training jobs and the lease). */
    public static final String RECORDS_DIRECTORY = "cluster";

    private final Path directory;
    private final SharedRecords records;

    /** A store over {@code directory}, created on the first write if missing. */
    public FileSystemModelStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.records = new FileSystemRecords(directory.resolve(RECORDS_DIRECTORY));
    }

    @Override
    public SharedRecords records() {
        return records;
    }

    @Override
    public synchronized ModelManifest put(ModelArtifact artifact) throws IOException {
        Path file = file(artifact.manifest().version());
        if (Files.exists(file)) {
            throw new IOException("model version " + artifact.manifest().version() + " is already stored");
        }
        return artifact.write(file);
    }

    @Override
    public ModelArtifact get(String version) throws IOException {
        Path file = file(version);
        if (!Files.isRegularFile(file)) {
            throw new UnknownModelVersionException(version);
        }
        return ModelArtifact.read(file);
    }

    @Override
    public boolean contains(String version) {
        return isVersionId(version) && Files.isRegularFile(directory.resolve(version + ModelArtifact.EXTENSION));
    }

    @Override
    public List<StoredVersion> list() throws IOException {
        List<StoredVersion> versions = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return versions;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + ModelArtifact.EXTENSION)) {
            for (Path file : stream) {
                long size = Files.size(file);
                String version = file.getFileName().toString().replaceFirst("\\.seqtag$", "");
                var storedAt = Files.getLastModifiedTime(file).toInstant();
                try {
                    versions.add(new StoredVersion(version, ModelArtifact.readManifest(file), size, storedAt, null));
                } catch (IOException | RuntimeException e) {
                    versions.add(new StoredVersion(version, null, size, storedAt, e.getMessage()));
                }
            }
        }
        return versions;
    }

    @Override
    public Optional<String> activeVersion() throws IOException {
        Path activeFile = directory.resolve(ACTIVE_FILE);
        if (!Files.isRegularFile(activeFile)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(activeFile, StandardCharsets.UTF_8).strip());
    }

    @Override
    public synchronized void setActiveVersion(String version) throws IOException {
        Files.createDirectories(directory);
        // History first: if a crash comes between the two writes, the history merely names the
        // version ACTIVE was about to name, and start-up tries ACTIVE first anyway.
        try (FileChannel history = FileChannel.open(directory.resolve(HISTORY_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            history.write(StandardCharsets.UTF_8.encode(version + "\n"));
            history.force(true);
        }
        Path temporary = Files.createTempFile(directory, ACTIVE_FILE, ".tmp");
        try {
            Files.writeString(temporary, version + "\n", StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, directory.resolve(ACTIVE_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public List<String> history() throws IOException {
        Path historyFile = directory.resolve(HISTORY_FILE);
        if (!Files.isRegularFile(historyFile)) {
            return List.of();
        }
        return Files.readAllLines(historyFile, StandardCharsets.UTF_8).stream().map(String::strip).toList();
    }

    /** Whether {@code id} can name a version, here and in every store: no slashes, no "..". */
    static boolean isVersionId(String id) {
        return id != null && VERSION.matcher(id).matches();
    }

    @Override
    public void recover() throws IOException {
        removeUnfinishedWrites(directory);
    }

    /** Deletes the {@code *.tmp} files in {@code directory} that writes cut short left; logs each one. */
    static void removeUnfinishedWrites(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.tmp")) {
            for (Path file : stream) {
                log.warn("removing {}, left by a write that did not finish", file);
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public String describe() {
        return "model directory " + directory;
    }

    private Path file(String version) {
        if (!isVersionId(version)) {
            throw new UnknownModelVersionException(version);
        }
        return directory.resolve(version + ModelArtifact.EXTENSION);
    }
}
