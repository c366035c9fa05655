package com.seqtag.model.lean;

import com.seqtag.model.InputEncoder;
import com.seqtag.text.CharacterVocabulary;

/**
 * Each token's input vector to the first recurrent layer, in the network's merge order: the dense
 * block (with the fine-tuned correction of the pretrained vector, if any), the learned word
 * embedding, the character features.
 */
final class TokenInputLayer {

    private final int denseSize;
    private final int pretrainedSize;
    private final float[] pretrainedCorrections;
    private final int wordSize;
    private final float[] wordEmbeddings;
    private final CharCnn chars;
    private final int size;

    /**
     * @param pretrainedCorrections {@code [vocabulary, pretrainedSize]} row-major, or null when the
     *                              pretrained vectors are frozen
     * @param wordEmbeddings        {@code [vocabulary, wordSize]} row-major, or null
     * @param chars                 the character CNN, or null
     */
    TokenInputLayer(int denseSize, int pretrainedSize, float[] pretrainedCorrections, int wordSize,
                    float[] wordEmbeddings, CharCnn chars) {
        this.denseSize = denseSize;
        this.pretrainedSize = pretrainedSize;
        this.pretrainedCorrections = pretrainedCorrections;
        this.wordSize = wordEmbeddings == null ? 0 : wordSize;
        this.wordEmbeddings = wordEmbeddings;
        this.chars = chars;
        this.size = denseSize + this.wordSize + (chars == null ? 0 : chars.filters());
    }

    /** Size of a token's input vector. */
    int size() {
        return size;
    }

    /** The token inputs {@code [tokens, size()]}, row-major. */
    float[] inputs(InputEncoder.TokenInputs tokens) {
        int count = tokens.tokens();
        float[] result = new float[count * size];
        float[] scratch = chars == null ? null : new float[2 * chars.filters()];
        for (int row = 0; row < count; row++) {
            int offset = row * size;
            int word = tokens.words()[row];
            if (denseSize > 0) {
                System.arraycopy(tokens.dense(), row * denseSize, result, offset, denseSize);
                if (pretrainedCorrections != null) {
                    int correction = word * pretrainedSize;
                    for (int d = 0; d < pretrainedSize; d++) {
                        result[offset + d] += pretrainedCorrections[correction + d];
                    }
                }
                offset += denseSize;
            }
            if (wordEmbeddings != null) {
                System.arraycopy(wordEmbeddings, word * wordSize, result, offset, wordSize);
                offset += wordSize;
            }
            if (chars != null) {
                chars.features(tokens.chars(), row * CharacterVocabulary.MAX_WORD_CHARS, result, offset, scratch);
            }
        }
        return result;
    }
}
