package com.seqtag.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.text.Vocabulary;
import com.seqtag.text.WordShape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** How words become network inputs: dense layout, one-hot slots, vocabulary indices, masks. */
class InputEncoderTest {

    // Frequency order: the (3x), cat (2x), sat (1x)
    private final Vocabulary vocabulary = Vocabulary.build(List.of("the", "the", "the", "cat", "cat", "sat"), 1);

    @Test
    void oneHotGivesTheMostFrequentWordsTheirOwnSlotAndTheRestUnk() {
        ModelConfig config = new ModelConfig(ModelConfig.CellType.LSTM, ModelConfig.Direction.FORWARD, 1, 4, 0,
                false, false, 0, 2, 1, false, 0, 0, ModelConfig.Decoding.ARGMAX, false);
        InputEncoder encoder = new InputEncoder(config, null, vocabulary, null);
        assertThat(encoder.denseSize()).isEqualTo(3);

        InputEncoder.Encoded encoded = encoder.encode(List.of(List.of("The", "cat", "sat", "dog")));
        assertThat(encoded.unknown()[0]).containsExactly(false, false, true, true);
        INDArray dense = encoded.inputs()[0];
        assertThat(dense.shape()).containsExactly(1, 3, 4);
        assertThat(dense.getFloat(0, 1, 0)).isEqualTo(1f);   // the -> slot 1
        assertThat(dense.getFloat(0, 2, 1)).isEqualTo(1f);   // cat -> slot 2
        assertThat(dense.getFloat(0, 0, 2)).isEqualTo(1f);   // sat: third most frequent -> UNK
        assertThat(dense.getFloat(0, 0, 3)).isEqualTo(1f);   // dog: unseen -> UNK
        assertThat(dense.sumNumber().intValue()).isEqualTo(4);
        assertThat(encoder.isUnknown("cat")).isFalse();
        assertThat(encoder.isUnknown("sat")).isTrue();
    }

    @Test
    void learnedEmbeddingInputCarriesVocabularyIndicesAndTheMaskMarksPadding() {
        ModelConfig config = new ModelConfig(ModelConfig.CellType.LSTM, ModelConfig.Direction.FORWARD, 1, 4, 0,
                false, false, 8, 0, 1, true, 0, 0, ModelConfig.Decoding.ARGMAX, false);
        InputEncoder encoder = new InputEncoder(config, null, vocabulary, null);
        assertThat(encoder.inputNames()).containsExactly(InputEncoder.DENSE_INPUT, InputEncoder.WORD_INPUT);
        assertThat(encoder.denseSize()).isEqualTo(WordShape.FEATURE_COUNT);

        InputEncoder.Encoded encoded = encoder.encode(List.of(List.of("cat", "sat"), List.of("dog")));
        INDArray words = encoded.inputs()[1];
        assertThat(words.getFloat(0, 0, 0)).isEqualTo(vocabulary.indexOf("cat"));
        assertThat(words.getFloat(1, 0, 0)).isEqualTo(0f);
        assertThat(encoded.mask().toFloatMatrix()).isEqualTo(new float[][] {{1, 1}, {1, 0}});
        assertThat(encoded.unpadded()).isFalse();
        assertThat(encoder.masks(encoded)).hasSize(2);
        assertThat(encoder.masks(encoder.encode(List.of(List.of("cat"))))).isNull();
    }
}
