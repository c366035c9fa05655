package com.seqtag.model;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Pretrained word vectors (GloVe) in SeqTag's compact form: int8 values with one scale per word,
 * as written by {@code scripts/convert-embeddings.mjs}. Read-only and safe to share between
 * threads and models; models refer to it by {@link #sha256()} instead of carrying a copy.
 */
public final class PretrainedEmbeddings {

    private static final byte[] MAGIC = "STEMB".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final String sha256;
    private final int dimensions;
    private final Map<String, Integer> indices;
    private final float[] scales;
    private final byte[] values;

    private PretrainedEmbeddings(String name, String sha256, int dimensions, Map<String, Integer> indices,
                                 float[] scales, byte[] values) {
        this.name = name;
        this.sha256 = sha256;
        this.dimensions = dimensions;
        this.indices = indices;
        this.scales = scales;
        this.values = values;
    }

    /**
     * Vectors held in memory, quantised as the compact file would be: for tests and for callers
     * that bring their own vectors. Words are lower-cased; {@code sha256} identifies the set.
     */
    public static PretrainedEmbeddings of(String name, String sha256, Map<String, float[]> vectors) {
        int dimensions = vectors.values().iterator().next().length;
        Map<String, Integer> indices = new HashMap<>();
        float[] scales = new float[vectors.size()];
        byte[] values = new byte[vectors.size() * dimensions];
        int i = 0;
        for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
            float[] vector = entry.getValue();
            if (vector.length != dimensions) {
                throw new IllegalArgumentException("vectors must all have " + dimensions + " dimensions");
            }
            float max = 0;
            for (float value : vector) {
                max = Math.max(max, Math.abs(value));
            }
            scales[i] = max > 0 ? max / 127f : 1f;
            for (int d = 0; d < dimensions; d++) {
                values[i * dimensions + d] = (byte) Math.round(vector[d] / scales[i]);
            }
            indices.put(entry.getKey().toLowerCase(Locale.ROOT), i++);
        }
        return new PretrainedEmbeddings(name, sha256, dimensions, indices, scales, values);
    }

    /** Reads the compact file at {@code path}. */
    public static PretrainedEmbeddings read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(path.getFileName().toString(), in);
        }
    }

    /** Reads a compact embedding stream (gzip); {@code name} is only for messages and metadata. */
    public static PretrainedEmbeddings read(String name, InputStream source) throws IOException {
        MessageDigest digest = Checksums.sha256Digest();
        DigestInputStream hashing = new DigestInputStream(new BufferedInputStream(source, 1 << 16), digest);
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(hashing, 1 << 16), 1 << 16));
        byte[] magic = in.readNBytes(MAGIC.length);
        int version = in.readUnsignedByte();
        if (!Arrays.equals(magic, MAGIC) || version != 1) {
            throw new IOException(name + " is not a SeqTag embedding file (version 1)");
        }
        int count = in.readInt();
        int dimensions = in.readInt();
        if (count <= 0 || dimensions <= 0 || (long) count * dimensions > Integer.MAX_VALUE) {
            throw new IOException(name + ": implausible size " + count + " x " + dimensions);
        }
        Map<String, Integer> indices = new HashMap<>(count * 2);
        byte[] buffer = new byte[256];
        for (int i = 0; i < count; i++) {
            int length = in.readUnsignedShort();
            if (length > buffer.length) {
                buffer = new byte[length];
            }
            in.readFully(buffer, 0, length);
            indices.putIfAbsent(new String(buffer, 0, length, StandardCharsets.UTF_8), i);
        }
        float[] scales = new float[count];
        for (int i = 0; i < count; i++) {
            scales[i] = in.readFloat();
        }
        byte[] values = new byte[count * dimensions];
        in.readFully(values);
        // Drain so the digest covers the whole file, trailing gzip members included.
        while (hashing.read(buffer) >= 0) {
            // reading only to hash
        }
        String sha = Checksums.hex(digest.digest());
        return new PretrainedEmbeddings(name, sha, dimensions, indices, scales, values);
    }

    /**
     * Writes the vector of {@code word} into {@code target} at {@code offset} and returns true, or
     * leaves {@code target} untouched and returns false when the word has no vector. Lookup is
     * case-insensitive (GloVe 6B is lower-cased); an abbreviation's final period is tried without it.
     */
    public boolean copyVector(String word, float[] target, int offset) {
        Integer index = find(word);
        if (index == null) {
            return false;
        }
        float scale = scales[index];
        int base = index * dimensions;
        for (int d = 0; d < dimensions; d++) {
            target[offset + d] = values[base + d] * scale;
        }
        return true;
    }

    /** Whether the word has a pretrained vector. */
    public boolean contains(String word) {
        return find(word) != null;
    }

    private Integer find(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        Integer index = indices.get(lower);
        if (index == null && lower.length() > 1 && lower.endsWith(".")) {
            index = indices.get(lower.substring(0, lower.length() - 1));
        }
        return index;
    }

    /** Length of each vector. */
    public int dimensions() {
        return dimensions;
    }

    /** Number of words with a vector. */
    public int size() {
        return scales.length;
    }

    /** SHA-256 of the file the vectors were read from, hex encoded; models refer to it by this. */
    public String sha256() {
        return sha256;
    }

    /** The file name the vectors were read from. */
    public String name() {
        return name;
    }
}
