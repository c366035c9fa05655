package com.seqtag.model;

import com.seqtag.text.CharacterVocabulary;
import com.seqtag.text.Vocabulary;
import com.seqtag.text.WordShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns sentences (lists of words) into the network's input arrays: a dense block per token
 * (pretrained vector, an "has no pretrained vector" flag, optionally a one-hot word vector,
 * casing features), the token's index
 * in the learned vocabulary, and its character indices, padded to the longest sentence with a
 * mask marking real tokens.
 */
public final class InputEncoder {

    /** Name of the dense per-token input of the network. */
    public static final String DENSE_INPUT = "dense";
    /** Name of the vocabulary-index input of the network. */
    public static final String WORD_INPUT = "words";
    /** Name of the character-index input of the network. */
    public static final String CHAR_INPUT = "chars";

    private final ModelConfig config;
    private final PretrainedEmbeddings embeddings;
    private final Vocabulary vocabulary;
    private final CharacterVocabulary characters;
    private final int denseSize;

    /**
     * @param characters the character vocabulary; required when the configuration has a character
     *                   CNN, ignored otherwise
     */
    public InputEncoder(ModelConfig config, PretrainedEmbeddings embeddings, Vocabulary vocabulary,
                        CharacterVocabulary characters) {
        if (config.pretrainedVectors() && embeddings == null) {
            throw new IllegalArgumentException("the configuration asks for pretrained vectors but none were given");
        }
        if (config.charFilters() > 0 && characters == null) {
            throw new IllegalArgumentException("the configuration has a character CNN but no character vocabulary");
        }
        this.config = config;
        this.embeddings = config.pretrainedVectors() ? embeddings : null;
        this.vocabulary = vocabulary;
        this.characters = config.charFilters() > 0 ? characters : null;
        this.denseSize = (this.embeddings != null ? this.embeddings.dimensions() + 1 : 0)
                + (config.oneHotWords() > 0 ? config.oneHotWords() + 1 : 0)
                + (config.casingFeatures() ? WordShape.FEATURE_COUNT : 0);
    }

    /** The configuration whose inputs this encoder produces. */
    public ModelConfig config() {
        return config;
    }

    /** Size of the dense per-token input (0 when the model has none). */
    public int denseSize() {
        return denseSize;
    }

    /** The names of the network inputs, in the order {@link #encode} returns them. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(2);
        if (denseSize > 0) {
            names.add(DENSE_INPUT);
        }
        if (readsWordIndices()) {
            names.add(WORD_INPUT);
        }
        if (characters != null) {
            names.add(CHAR_INPUT);
        }
        return names;
    }

    /** Whether the network reads vocabulary indices: for learned embeddings or pretrained-vector corrections. */
    private boolean readsWordIndices() {
        return config.wordEmbeddingSize() > 0 || (embeddings != null && config.fineTunePretrained());
    }

    /** Size of the pretrained vectors at the start of the dense input (0 when the model has none). */
    public int pretrainedSize() {
        return embeddings != null ? embeddings.dimensions() : 0;
    }

    /** The character vocabulary, or null when the model reads no characters. */
    public CharacterVocabulary characters() {
        return characters;
    }

    /** The learned vocabulary. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Whether the word reaches the network with no identity of its own: no pretrained vector and
     * no learned embedding (it is mapped to UNK).
     */
    public boolean isUnknown(String word) {
        return isUnknown(vocabulary.indexOf(word), embeddings != null && embeddings.contains(word));
    }

    private boolean isUnknown(int vocabularyIndex, boolean hasVector) {
        boolean inVocabulary = (readsWordIndices() && vocabularyIndex > 0) || oneHotSlot(vocabularyIndex) > 0;
        return !inVocabulary && !hasVector;
    }

    /** Encodes a batch of sentences; the mask is {@code [batch, maxLength]} with 1 for real tokens. */
    public Encoded encode(List<List<String>> sentences) {
        return encode(sentences, null);
    }

    /**
     * Encodes a batch of sentences as {@link #encode(List)} does, except that the tokens marked in
     * {@code asUnknown} (per sentence and token; null = none) enter the vocabulary inputs (learned
     * embedding, pretrained-vector correction, one-hot) as UNK; their pretrained vector, casing and
     * characters stay. Training uses it for word dropout.
     */
    public Encoded encode(List<List<String>> sentences, boolean[][] asUnknown) {
        int batch = sentences.size();
        int maxLength = 0;
        for (List<String> sentence : sentences) {
            maxLength = Math.max(maxLength, sentence.size());
        }
        float[] mask = new float[batch * maxLength];
        float[] dense = denseSize > 0 ? new float[batch * denseSize * maxLength] : null;
        float[] words = readsWordIndices() ? new float[batch * maxLength] : null;
        int charSlots = CharacterVocabulary.MAX_WORD_CHARS;
        float[] chars = characters != null ? new float[batch * charSlots * maxLength] : null;
        float[] token = new float[denseSize];
        boolean[][] unknown = new boolean[batch][];
        boolean allFull = true;
        for (int b = 0; b < batch; b++) {
            List<String> sentence = sentences.get(b);
            allFull &= sentence.size() == maxLength;
            unknown[b] = new boolean[sentence.size()];
            for (int t = 0; t < sentence.size(); t++) {
                String word = sentence.get(t);
                int index = asUnknown != null && asUnknown[b][t] ? 0 : vocabulary.indexOf(word);
                mask[b * maxLength + t] = 1;
                boolean hasVector = false;
                if (dense != null) {
                    hasVector = encodeDense(word, index, token);
                    // Layout [batch, feature, time] as DL4J recurrent layers expect (NCW).
                    int base = b * denseSize * maxLength + t;
                    for (int d = 0; d < denseSize; d++) {
                        dense[base + d * maxLength] = token[d];
                    }
                }
                unknown[b][t] = isUnknown(index, hasVector);
                if (words != null) {
                    words[b * maxLength + t] = index;
                }
                if (chars != null) {
                    characters.encode(word, chars, b * charSlots * maxLength + t, maxLength);
                }
            }
        }
        List<INDArray> inputs = new ArrayList<>(2);
        if (dense != null) {
            inputs.add(Nd4j.create(dense, new long[] {batch, denseSize, maxLength}, 'c'));
        }
        if (words != null) {
            inputs.add(Nd4j.create(words, new long[] {batch, 1, maxLength}, 'c'));
        }
        if (chars != null) {
            inputs.add(Nd4j.create(chars, new long[] {batch, charSlots, maxLength}, 'c'));
        }
        INDArray maskArray = Nd4j.create(mask, new long[] {batch, maxLength}, 'c');
        return new Encoded(inputs.toArray(INDArray[]::new), maskArray, maxLength, allFull, unknown);
    }

    /**
     * Encodes a batch of sentences token after token, without padding, for the lean inference
     * path ({@code com.seqtag.model.lean}): the same values {@link #encode} lays out for DL4J.
     */
    public TokenInputs tokenInputs(List<List<String>> sentences) {
        int[] lengths = new int[sentences.size()];
        int tokens = 0;
        for (int s = 0; s < lengths.length; s++) {
            lengths[s] = sentences.get(s).size();
            tokens += lengths[s];
        }
        float[] dense = denseSize > 0 ? new float[tokens * denseSize] : null;
        int[] words = new int[tokens];
        int charSlots = CharacterVocabulary.MAX_WORD_CHARS;
        int[] chars = characters != null ? new int[tokens * charSlots] : null;
        float[] token = new float[denseSize];
        float[] wordChars = new float[charSlots];
        boolean[][] unknown = new boolean[lengths.length][];
        int row = 0;
        for (int s = 0; s < lengths.length; s++) {
            unknown[s] = new boolean[lengths[s]];
            List<String> sentence = sentences.get(s);
            for (int t = 0; t < sentence.size(); t++, row++) {
                String word = sentence.get(t);
                int index = vocabulary.indexOf(word);
                words[row] = index;
                boolean hasVector = false;
                if (dense != null) {
                    hasVector = encodeDense(word, index, token);
                    System.arraycopy(token, 0, dense, row * denseSize, denseSize);
                }
                unknown[s][t] = isUnknown(index, hasVector);
                if (chars != null) {
                    characters.encode(word, wordChars, 0, 1);
                    for (int i = 0; i < charSlots; i++) {
                        chars[row * charSlots + i] = (int) wordChars[i];
                    }
                }
            }
        }
        return new TokenInputs(lengths, dense, words, chars, unknown);
    }

    /** The feature masks for {@link #encode}'s inputs (the token mask for each), or null when nothing is padded. */
    public INDArray[] masks(Encoded encoded) {
        if (encoded.unpadded()) {
            return null;
        }
        INDArray[] masks = new INDArray[encoded.inputs().length];
        Arrays.fill(masks, encoded.mask());
        return masks;
    }

    /** Fills the dense block of one token and returns whether the word has a pretrained vector. */
    private boolean encodeDense(String word, int vocabularyIndex, float[] token) {
        Arrays.fill(token, 0f);
        int offset = 0;
        boolean found = false;
        if (embeddings != null) {
            found = embeddings.copyVector(word, token, 0);
            token[embeddings.dimensions()] = found ? 0 : 1;
            offset = embeddings.dimensions() + 1;
        }
        if (config.oneHotWords() > 0) {
            token[offset + oneHotSlot(vocabularyIndex)] = 1;
            offset += config.oneHotWords() + 1;
        }
        if (config.casingFeatures()) {
            System.arraycopy(WordShape.features(word), 0, token, offset, WordShape.FEATURE_COUNT);
        }
        return found;
    }

    /**
     * The one-hot position of a vocabulary index: the vocabulary is sorted by frequency, so its
     * first {@code oneHotWords} entries after UNK keep their own slot and the rest share UNK's (0).
     */
    private int oneHotSlot(int vocabularyIndex) {
        return vocabularyIndex <= config.oneHotWords() ? vocabularyIndex : 0;
    }

    /**
     * A batch's inputs token after token: sentence {@code s} occupies the {@code lengths[s]} rows
     * after those of the sentences before it; there is no padding.
     *
     * @param lengths per sentence, its number of tokens
     * @param dense   {@code [tokens, denseSize()]} row-major, or null when the model has no dense input
     * @param words   per token, its vocabulary index
     * @param chars   {@code [tokens, MAX_WORD_CHARS]} character indices, or null without a character CNN
     * @param unknown per sentence and token, whether the word was mapped to UNK (see {@link #isUnknown})
     */
    public record TokenInputs(int[] lengths, float[] dense, int[] words, int[] chars, boolean[][] unknown) {

        /** Number of tokens in the batch. */
        public int tokens() {
            return words.length;
        }
    }

    /**
     * Encoded network inputs for one batch.
     *
     * @param inputs     the arrays in {@link #inputNames()} order
     * @param mask       {@code [batch, time]}: 1 for a real token, 0 for padding
     * @param timeSteps  length of the longest sentence
     * @param unpadded   true when every sentence has the same length, so the mask is all ones
     * @param unknown    per sentence and token, whether the word was mapped to UNK (see {@link #isUnknown})
     */
    public record Encoded(INDArray[] inputs, INDArray mask, int timeSteps, boolean unpadded, boolean[][] unknown)
            implements AutoCloseable {

        /**
         * Releases the arrays' native memory now; left to the garbage collector, off-heap memory
         * grows by gigabytes before it runs.
         */
        @Override
        public void close() {
            for (INDArray input : inputs) {
                input.close();
            }
            mask.close();
        }
    }
}
