package com.seqtag.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CharacterVocabularyTest {

    private final CharacterVocabulary vocabulary = CharacterVocabulary.build(List.of("abc", "abd", "a😀"), 2);

    @Test
    void keepsCharactersSeenOftenEnoughMostFrequentFirst() {
        assertThat(vocabulary.characters()).containsExactly("a", "b");
        assertThat(vocabulary.size()).isEqualTo(4);
    }

    @Test
    void encodesKnownUnknownAndPaddingSlots() {
        float[] slots = new float[CharacterVocabulary.MAX_WORD_CHARS];
        vocabulary.encode("bax", slots, 0, 1);
        assertThat(slots[0]).isEqualTo(3);
        assertThat(slots[1]).isEqualTo(2);
        assertThat(slots[2]).isEqualTo(CharacterVocabulary.UNKNOWN);
        assertThat(slots[3]).isEqualTo(CharacterVocabulary.PADDING);
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        CharacterVocabulary emoji = CharacterVocabulary.build(List.of("😀", "😀"), 2);
        float[] slots = new float[CharacterVocabulary.MAX_WORD_CHARS];
        emoji.encode("😀😀", slots, 0, 1);
        assertThat(slots[0]).isEqualTo(2);
        assertThat(slots[1]).isEqualTo(2);
        assertThat(slots[2]).isEqualTo(CharacterVocabulary.PADDING);
    }

    @Test
    void longWordsKeepTheirFirstAndLastHalves() {
        CharacterVocabulary letters = CharacterVocabulary.build(List.of("abcdefghijklmnopqrstuvwxyz"), 1);
        float[] slots = new float[CharacterVocabulary.MAX_WORD_CHARS];
        letters.encode("abcdefghijklmnopqrstuvwxyz", slots, 0, 1);
        StringBuilder decoded = new StringBuilder();
        for (float slot : slots) {
            decoded.append(letters.characters().get((int) slot - 2));
        }
        assertThat(decoded.toString()).isEqualTo("abcdefghijqrstuvwxyz");
    }

    @Test
    void writesWithAStrideIntoAFlatArray() {
        float[] flat = new float[CharacterVocabulary.MAX_WORD_CHARS * 3];
        vocabulary.encode("ab", flat, 1, 3);
        assertThat(flat[1]).isEqualTo(2);
        assertThat(flat[4]).isEqualTo(3);
        assertThat(flat[0]).isZero();
    }

    @Test
    void roundTripsThroughItsCharacterList() {
        assertThat(CharacterVocabulary.of(vocabulary.characters()).characters()).isEqualTo(vocabulary.characters());
        assertThatThrownBy(() -> CharacterVocabulary.of(List.of("ab"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CharacterVocabulary.of(List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
    }
}
