package com.seqtag.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.seqtag.model.Checksums;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.InputEncoder;
import com.seqtag.model.PretrainedEmbeddings;
import com.seqtag.model.Tagger;
import com.seqtag.model.lean.PrecisionSetting;
import com.seqtag.text.CharacterVocabulary;
import com.seqtag.text.Vocabulary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A saved model as one self-describing file (a zip): {@code manifest.json} (configuration, labels,
 * metrics, data hash, checksums), {@code network.bin} (DL4J weights), {@code vocabulary.txt} and,
 * for models with a character CNN, {@code characters.txt}.
 * Pretrained vectors are referenced by hash, not copied. Writes are atomic and reads verify every
 * checksum, so a half-written or corrupted file is refused rather than served.
 */
public final class ModelArtifact {

    /** File name extension of model artifacts. */
    public static final String EXTENSION = ".seqtag";

    private static final String MANIFEST = "manifest.json";
    private static final String NETWORK = "network.bin";
    private static final String VOCABULARY = "vocabulary.txt";
    private static final String CHARACTERS = "characters.txt";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final ModelManifest manifest;
    private final ComputationGraph network;
    private final Vocabulary vocabulary;
    private final CharacterVocabulary characters;

    /**
     * @param characters the character vocabulary, or null for models without a character CNN
     */
    public ModelArtifact(ModelManifest manifest, ComputationGraph network, Vocabulary vocabulary,
                         CharacterVocabulary characters) {
        this.manifest = manifest;
        this.network = network;
        this.vocabulary = vocabulary;
        this.characters = characters;
    }

    /** The description of the model. */
    public ModelManifest manifest() {
        return manifest;
    }

    /** The DL4J network with trained weights. */
    public ComputationGraph network() {
        return network;
    }

    /** The learned vocabulary. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The character vocabulary, or null for models without a character CNN. */
    public CharacterVocabulary characters() {
        return characters;
    }

    /**
     * A tagger over this model, reading pretrained vectors from {@code store} when it needs them.
     * It takes the lean inference path with a copy of the weights as they are now.
     */
    public Tagger tagger(EmbeddingStore store) {
        return tagger(store, PrecisionSetting.FP32);
    }

    /** {@link #tagger(EmbeddingStore)} with the lean path's products in the precision {@code precision} asks for. */
    public Tagger tagger(EmbeddingStore store, PrecisionSetting precision) {
        PretrainedEmbeddings embeddings = manifest.embeddings() == null
                ? null
                : store.bySha256(manifest.embeddings().sha256());
        InputEncoder encoder = new InputEncoder(manifest.config(), embeddings, vocabulary, characters);
        return Tagger.frozen(network, encoder, manifest.labels(), manifest.config().decoding(), precision);
    }

    /**
     * Writes the artifact to {@code file} atomically: to a temporary file in the same directory
     * first, then renamed over the target, so readers never see a partial file.
     * Returns the manifest as written (with entry checksums filled in).
     */
    public ModelManifest write(Path file) throws IOException {
        byte[] networkBytes = networkBytes(network);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(NETWORK, networkBytes);
        entries.put(VOCABULARY, lines(vocabulary.entries()));
        if (characters != null) {
            entries.put(CHARACTERS, lines(characters.characters()));
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> checksums.put(name, Checksums.sha256(bytes)));
        ModelManifest written = new ModelManifest(manifest.formatVersion(), manifest.version(), manifest.createdAt(),
                manifest.config(), manifest.training(), manifest.labels(), manifest.embeddings(),
                manifest.vocabularySize(), manifest.trainingDataSha256(), manifest.metrics(), checksums);

        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary);
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                putEntry(zip, MANIFEST, JSON.writeValueAsBytes(written));
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    putEntry(zip, entry.getKey(), entry.getValue());
                }
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                // Temporary files are private to their owner; a stored model is readable like any data file.
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return written;
    }

    /**
     * Reads only the manifest of an artifact file: enough to list a model without loading its
     * weights. Checksums are verified when the whole artifact is read.
     */
    public static ModelManifest readManifest(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(MANIFEST);
            if (entry == null) {
                throw new InvalidModelException("not a SeqTag model: no " + MANIFEST + " entry");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return JSON.readValue(in, ModelManifest.class);
            }
        } catch (java.util.zip.ZipException e) {
            throw new InvalidModelException("not a readable model file (" + e.getMessage() + ")");
        }
    }

    /** Reads only the manifest from an artifact stream, skipping the weights. */
    public static ModelManifest readManifest(InputStream source) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(source)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.getName().equals(MANIFEST)) {
                    return JSON.readValue(zip.readAllBytes(), ModelManifest.class);
                }
            }
        }
        throw new InvalidModelException("not a SeqTag model: no " + MANIFEST + " entry");
    }

    /** A manifest as JSON, exactly as it is written inside an artifact (for stores that keep it beside). */
    static byte[] manifestJson(ModelManifest manifest) throws IOException {
        return JSON.writeValueAsBytes(manifest);
    }

    /** Parses a manifest written by {@link #manifestJson}. */
    static ModelManifest parseManifest(byte[] json) throws IOException {
        return JSON.readValue(json, ModelManifest.class);
    }

    /** Reads an artifact file. */
    public static ModelArtifact read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Reads an artifact from a stream, verifying its format version and checksums. */
    public static ModelArtifact read(InputStream source) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(source)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        byte[] manifestBytes = entries.get(MANIFEST);
        if (manifestBytes == null) {
            throw new InvalidModelException("not a SeqTag model: no " + MANIFEST + " entry");
        }
        ModelManifest manifest = JSON.readValue(manifestBytes, ModelManifest.class);
        if (manifest.formatVersion() != ModelManifest.FORMAT_VERSION) {
            throw new InvalidModelException("model format " + manifest.formatVersion()
                    + " is not supported (this version reads " + ModelManifest.FORMAT_VERSION + ")");
        }
        List<String> required = manifest.config().charFilters() > 0
                ? List.of(NETWORK, VOCABULARY, CHARACTERS)
                : List.of(NETWORK, VOCABULARY);
        for (String name : required) {
            byte[] bytes = entries.get(name);
            String expected = manifest.entryChecksums() == null ? null : manifest.entryChecksums().get(name);
            if (bytes == null || expected == null) {
                throw new InvalidModelException("model " + manifest.version() + " lacks " + name + " or its checksum");
            }
            if (!expected.equals(Checksums.sha256(bytes))) {
                throw new InvalidModelException("model " + manifest.version() + ": checksum of " + name
                        + " does not match; the file is corrupted");
            }
        }
        Vocabulary vocabulary = Vocabulary.of(readLines(entries.get(VOCABULARY)));
        CharacterVocabulary characters = entries.containsKey(CHARACTERS)
                ? CharacterVocabulary.of(readLines(entries.get(CHARACTERS)))
                : null;
        ComputationGraph network = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(entries.get(NETWORK)), false);
        return new ModelArtifact(manifest, network, vocabulary, characters);
    }

    private static byte[] networkBytes(ComputationGraph network) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // The updater state is only needed to resume training; leaving it out halves the file.
        ModelSerializer.writeModel(network, bytes, false);
        return bytes.toByteArray();
    }

    /** One entry per line; entries never contain line breaks (tokens hold no whitespace). */
    private static byte[] lines(List<String> entries) {
        if (entries.isEmpty()) {
            return new byte[0];
        }
        return (String.join("\n", entries) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readLines(byte[] bytes) {
        List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n", -1));
        return lines.subList(0, lines.size() - 1);
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** A model file that cannot be used: wrong format, missing parts or failed checksum. */
    public static class InvalidModelException extends IOException {
        public InvalidModelException(String message) {
            super(message);
        }
    }
}
