package com.seqtag.model;

/**
 * The shape of a tagger network: which word inputs it reads, its recurrent cell, direction and
 * depth, and how its per-token outputs are decoded. Saved with every model artifact.
 *
 * @param cell               recurrent cell of every layer
 * @param direction          one direction, or both with their outputs concatenated or added
 * @param layers             stacked recurrent layers (1 to 3)
 * @param hiddenSize         units per direction in each recurrent layer
 * @param dropout            probability of dropping an input unit of each recurrent and the
 *                           output layer (0 disables dropout)
 * @param pretrainedVectors  feed the pretrained (GloVe) vector of each word
 * @param fineTunePretrained fine-tune the pretrained vectors of training words: each gets a learned
 *                           correction, zero at the start, added to its vector (false = frozen)
 * @param wordEmbeddingSize  size of a learned embedding over the training vocabulary (0 = none)
 * @param oneHotWords        feed the word as a one-hot vector over this many most frequent
 *                           training words plus UNK (0 = none); the textbook input the embeddings improve on
 * @param minWordCount       how often a word must occur in training data to get its own learned
 *                           embedding; rarer words share the UNK entry, which is how UNK is learned
 * @param casingFeatures     feed the word's casing and character-class indicators
 * @param charEmbeddingSize  size of each character's embedding in the character CNN
 * @param charFilters        filters of the character CNN, i.e. the size of the character-level
 *                           word representation (0 = no character CNN)
 * @param decoding           argmax per token, or constrained Viterbi that only emits valid IOB2
 * @param crf                a linear-chain CRF output layer (learned label transitions, trained on
 *                           whole label sequences) instead of an independent softmax per token; it
 *                           answers per-token marginal probabilities, decoded as {@code decoding} says
 */
public record ModelConfig(
        CellType cell,
        Direction direction,
        int layers,
        int hiddenSize,
        double dropout,
        boolean pretrainedVectors,
        boolean fineTunePretrained,
        int wordEmbeddingSize,
        int oneHotWords,
        int minWordCount,
        boolean casingFeatures,
        int charEmbeddingSize,
        int charFilters,
        Decoding decoding,
        boolean crf) {

    /** The configuration of the bundled model. */
    public static ModelConfig defaults() {
        return new ModelConfig(CellType.LSTM, Direction.BIDIRECTIONAL_CONCAT, 1, 200, 0.5,
                true, false, 50, 0, 2, true, 25, 50, Decoding.VITERBI, true);
    }

    public ModelConfig {
        if (cell == null || direction == null || decoding == null) {
            throw new IllegalArgumentException("cell, direction and decoding are required");
        }
        if (layers < 1 || layers > 3) {
            throw new IllegalArgumentException("layers must be 1 to 3, was " + layers);
        }
        if (hiddenSize < 1 || hiddenSize > 2048) {
            throw new IllegalArgumentException("hiddenSize must be 1 to 2048, was " + hiddenSize);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
        if (wordEmbeddingSize < 0 || wordEmbeddingSize > 1024) {
            throw new IllegalArgumentException("wordEmbeddingSize must be 0 to 1024, was " + wordEmbeddingSize);
        }
        if (oneHotWords < 0 || oneHotWords > 50_000) {
            throw new IllegalArgumentException("oneHotWords must be 0 to 50000, was " + oneHotWords);
        }
        if (minWordCount < 1) {
            throw new IllegalArgumentException("minWordCount must be at least 1, was " + minWordCount);
        }
        if (charFilters < 0 || charFilters > 1024) {
            throw new IllegalArgumentException("charFilters must be 0 to 1024, was " + charFilters);
        }
        if (charFilters > 0 && (charEmbeddingSize < 1 || charEmbeddingSize > 256)) {
            throw new IllegalArgumentException("charEmbeddingSize must be 1 to 256 with a character CNN, was "
                    + charEmbeddingSize);
        }
        if (fineTunePretrained && !pretrainedVectors) {
            throw new IllegalArgumentException("fineTunePretrained needs pretrainedVectors");
        }
        if (!pretrainedVectors && wordEmbeddingSize == 0 && oneHotWords == 0 && !casingFeatures && charFilters == 0) {
            throw new IllegalArgumentException("the model needs at least one word input");
        }
    }

    /** Recurrent cell types. */
    public enum CellType {
        /** Simple (Elman) recurrent cell with tanh. */
        RNN,
        /** Gated recurrent unit with update and reset gates (our own DL4J layer, {@code model.gru}). */
        GRU,
        /** Long short-term memory without peepholes. */
        LSTM,
        /** LSTM with peephole connections (DL4J's GravesLSTM). */
        PEEPHOLE_LSTM
    }

    /** How many directions each recurrent layer reads, and how bidirectional outputs combine. */
    public enum Direction {
        FORWARD,
        BIDIRECTIONAL_CONCAT,
        BIDIRECTIONAL_ADD
    }

    /** How label probabilities become labels. */
    public enum Decoding {
        ARGMAX,
        VITERBI
    }
}
