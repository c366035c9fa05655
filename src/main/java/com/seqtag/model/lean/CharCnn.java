package com.seqtag.model.lean;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The character CNN of a word: character embeddings, a 1-d convolution in "same" mode, tanh, and a
 * max over character positions. Embedding and convolution are both linear, so each character's
 * contribution through each kernel tap is one precomputed row of filter values: a word costs
 * {@code slots * width * filters} additions instead of an embedding lookup and a matrix product.
 * tanh is increasing, so the max is taken before it and only one tanh per filter is needed.
 * A word's features depend only on its characters, and text repeats words (Zipf), so the features
 * of the first {@value #CACHED_WORDS} distinct words seen are kept: with fast matrix kernels this
 * computation was a third of the Java time of a forward pass.
 */
final class CharCnn {

    /** Distinct spellings whose features are kept; about 400 bytes each, so at most ~20 MB. */
    static final int CACHED_WORDS = 50_000;

    private final int slots;
    private final int width;
    private final int filters;
    private final int leftPadding;
    private final float[] taps;
    private final float[] bias;
    private final ConcurrentHashMap<Spelling, float[]> cache = new ConcurrentHashMap<>();

    /**
     * @param embeddings  {@code [characters, embeddingSize]} row-major, activation already applied
     * @param convolution the kernel {@code [width, embeddingSize, filters]} row-major
     * @param bias        per filter
     * @param slots       character positions per word
     */
    CharCnn(float[] embeddings, int characters, int embeddingSize, float[] convolution, int filters, int width,
            float[] bias, int slots) {
        this.slots = slots;
        this.width = width;
        this.filters = filters;
        // "Same" mode with stride 1 pads width - 1 zeros, the smaller half before the word.
        this.leftPadding = (width - 1) / 2;
        this.bias = bias.clone();
        this.taps = new float[characters * width * filters];
        for (int ch = 0; ch < characters; ch++) {
            for (int k = 0; k < width; k++) {
                for (int f = 0; f < filters; f++) {
                    double sum = 0;
                    for (int e = 0; e < embeddingSize; e++) {
                        sum += (double) embeddings[ch * embeddingSize + e] * convolution[(k * embeddingSize + e) * filters + f];
                    }
                    taps[(ch * width + k) * filters + f] = (float) sum;
                }
            }
        }
    }

    int filters() {
        return filters;
    }

    /**
     * Writes the features of the word whose character indices are {@code chars[from .. from + slots)}
     * to {@code target[offset .. offset + filters)}.
     *
     * @param scratch at least {@code 2 * filters} values, overwritten
     */
    void features(int[] chars, int from, float[] target, int offset, float[] scratch) {
        Spelling spelling = new Spelling(Arrays.copyOfRange(chars, from, from + slots));
        float[] features = cache.get(spelling);
        if (features == null) {
            features = new float[filters];
            compute(chars, from, features, scratch);
            if (cache.size() < CACHED_WORDS) {
                cache.putIfAbsent(spelling, features);
            }
        }
        System.arraycopy(features, 0, target, offset, filters);
    }

    private void compute(int[] chars, int from, float[] target, float[] scratch) {
        int best = filters;
        for (int f = 0; f < filters; f++) {
            scratch[best + f] = Float.NEGATIVE_INFINITY;
        }
        for (int p = 0; p < slots; p++) {
            System.arraycopy(bias, 0, scratch, 0, filters);
            for (int k = 0; k < width; k++) {
                int q = p + k - leftPadding;
                if (q < 0 || q >= slots) {
                    continue; // zero padding contributes nothing
                }
                int row = (chars[from + q] * width + k) * filters;
                for (int f = 0; f < filters; f++) {
                    scratch[f] += taps[row + f];
                }
            }
            for (int f = 0; f < filters; f++) {
                scratch[best + f] = Math.max(scratch[best + f], scratch[f]);
            }
        }
        for (int f = 0; f < filters; f++) {
            target[f] = Activations.tanh(scratch[best + f]);
        }
    }

    /** A word's character indices, compared by value. */
    private record Spelling(int[] chars) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Spelling spelling && Arrays.equals(chars, spelling.chars);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(chars);
        }
    }
}
