package com.seqtag.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records as files under one directory ({@code <model-dir>/cluster/<folder>/<name>}), each written
 * to a temporary file, synced and renamed over the old one, so several replicas sharing the
 * directory (NFS, a ReadWriteMany volume) never read half a record.
 */
final class FileSystemRecords implements SharedRecords {

    private final Path root;

    FileSystemRecords(Path root) {
        this.root = root;
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        Path file = root.resolve(SharedRecords.checkName(name));
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.write(temporary, content);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(root.resolve(SharedRecords.checkName(name))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        Path directory = root.resolve(SharedRecords.checkFolder(folder));
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path file : stream) {
                String name = folder + "/" + file.getFileName();
                if (SharedRecords.NAME.matcher(name).matches() && !name.endsWith(".tmp")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(root.resolve(SharedRecords.checkName(name)));
    }
}
