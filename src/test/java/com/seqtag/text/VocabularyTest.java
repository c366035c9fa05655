package com.seqtag.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private static List<String> repeat(String word, int times) {
        return Collections.nCopies(times, word);
    }

    private static List<String> corpus(List<?>... parts) {
        List<String> words = new ArrayList<>();
        for (List<?> part : parts) {
            for (Object word : part) {
                words.add((String) word);
            }
        }
        return words;
    }

    @Test
    void unknownEntryIsAtIndexZero() {
        Vocabulary vocabulary = Vocabulary.build(List.of("the", "cat"), 1);

        assertThat(vocabulary.entries().get(0)).isEqualTo(Vocabulary.UNK);
        assertThat(vocabulary.indexOf(Vocabulary.UNK)).isZero();
        assertThat(vocabulary.size()).isEqualTo(3);
    }

    @Test
    void emptyCorpusGivesOnlyTheUnknownEntry() {
        Vocabulary vocabulary = Vocabulary.build(List.of(), 1);

        assertThat(vocabulary.entries()).containsExactly(Vocabulary.UNK);
        assertThat(vocabulary.isUnknown("anything")).isTrue();
    }

    @Test
    void unknownWordMapsToZeroAndIsUnknown() {
        Vocabulary vocabulary = Vocabulary.build(List.of("the", "cat"), 1);

        assertThat(vocabulary.indexOf("zebra")).isZero();
        assertThat(vocabulary.isUnknown("zebra")).isTrue();
        assertThat(vocabulary.isUnknown("cat")).isFalse();
        assertThat(vocabulary.indexOf("cat")).isPositive();
    }

    @Test
    void lookupIgnoresCase() {
        Vocabulary vocabulary = Vocabulary.build(List.of("Apple"), 1);

        int index = vocabulary.indexOf("apple");
        assertThat(index).isPositive();
        assertThat(vocabulary.indexOf("APPLE")).isEqualTo(index);
        assertThat(vocabulary.indexOf("Apple")).isEqualTo(index);
    }

    @Test
    void differentlyCasedWordsShareOneEntryAndTheirCounts() {
        Vocabulary vocabulary = Vocabulary.build(List.of("Apple", "APPLE", "apple", "pear", "pear"), 3);

        assertThat(vocabulary.entries()).containsExactly(Vocabulary.UNK, "apple");
    }

    @Test
    void digitsAreNormalisedSoYearsShareAnIndex() {
        Vocabulary vocabulary = Vocabulary.build(List.of("1996"), 1);

        assertThat(vocabulary.entries()).containsExactly(Vocabulary.UNK, "0000");
        assertThat(vocabulary.indexOf("2001")).isEqualTo(vocabulary.indexOf("1996")).isPositive();
        assertThat(vocabulary.isUnknown("199")).isTrue();
    }

    @Test
    void normalizeLowerCasesAndReplacesEveryDigitWithZero() {
        assertThat(Vocabulary.normalize("1996")).isEqualTo("0000");
        assertThat(Vocabulary.normalize("3-1")).isEqualTo("0-0");
        assertThat(Vocabulary.normalize("1,000.50")).isEqualTo("0,000.00");
        assertThat(Vocabulary.normalize("A380")).isEqualTo("a000");
        assertThat(Vocabulary.normalize("McDonald")).isEqualTo("mcdonald");
        assertThat(Vocabulary.normalize("plain")).isEqualTo("plain");
        assertThat(Vocabulary.normalize("")).isEmpty();
    }

    @Test
    void wordsBelowMinCountAreDropped() {
        List<String> words = corpus(repeat("often", 3), repeat("twice", 2), repeat("once", 1));

        Vocabulary vocabulary = Vocabulary.build(words, 2);

        assertThat(vocabulary.entries()).containsExactly(Vocabulary.UNK, "often", "twice");
        assertThat(vocabulary.isUnknown("once")).isTrue();
    }

    @Test
    void minCountAppliesToNormalisedCounts() {
        // "1996" and "2001" are both "0000", so together they reach minCount 2.
        Vocabulary vocabulary = Vocabulary.build(List.of("1996", "2001", "Oslo"), 2);

        assertThat(vocabulary.entries()).containsExactly(Vocabulary.UNK, "0000");
    }

    @Test
    void entriesAreOrderedByFrequencyThenAlphabetically() {
        // Multi-letter words, so that hash order differs from alphabetical order.
        List<String> words = corpus(repeat("river", 3), repeat("zebra", 2), repeat("mango", 2),
                repeat("yacht", 2), repeat("pear", 1), repeat("apple", 1), repeat("kiwi", 1));

        Vocabulary vocabulary = Vocabulary.build(words, 1);

        assertThat(vocabulary.entries())
                .containsExactly(Vocabulary.UNK, "river", "mango", "yacht", "zebra", "apple", "kiwi", "pear");
        assertThat(vocabulary.indexOf("river")).isEqualTo(1);
        assertThat(vocabulary.indexOf("pear")).isEqualTo(7);
    }

    @Test
    void buildIsIndependentOfCorpusOrder() {
        List<String> words = corpus(repeat("x", 2), repeat("y", 2), repeat("z", 1), List.of("w"));
        List<String> reversed = new ArrayList<>(words);
        Collections.reverse(reversed);

        assertThat(Vocabulary.build(reversed, 1).entries()).isEqualTo(Vocabulary.build(words, 1).entries());
    }

    @Test
    void unknownTokenInTheCorpusDoesNotCreateASecondEntry() {
        Vocabulary vocabulary = Vocabulary.build(List.of("<unk>", "<UNK>", "<unk>", "word"), 1);

        assertThat(vocabulary.entries()).containsExactly(Vocabulary.UNK, "word");
    }

    @Test
    void ofRestoresTheSameIndicesAsTheSavedEntries() {
        Vocabulary original = Vocabulary.build(
                corpus(repeat("the", 4), repeat("Oslo", 2), List.of("1996", "visited")), 1);

        Vocabulary restored = Vocabulary.of(original.entries());

        assertThat(restored.entries()).isEqualTo(original.entries());
        for (String word : List.of("the", "OSLO", "2001", "visited", "unseen")) {
            assertThat(restored.indexOf(word)).as(word).isEqualTo(original.indexOf(word));
        }
    }

    @Test
    void ofCopiesTheGivenList() {
        List<String> entries = new ArrayList<>(List.of(Vocabulary.UNK, "a", "b"));

        Vocabulary vocabulary = Vocabulary.of(entries);
        entries.set(1, "z");

        assertThat(vocabulary.entries()).containsExactly(Vocabulary.UNK, "a", "b");
        assertThat(vocabulary.indexOf("a")).isEqualTo(1);
    }

    @Test
    void entriesCannotBeModified() {
        Vocabulary vocabulary = Vocabulary.build(List.of("a"), 1);

        assertThatThrownBy(() -> vocabulary.entries().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofRejectsEntriesThatDoNotStartWithUnknown() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Vocabulary.of(List.of("the", Vocabulary.UNK)))
                .withMessageContaining(Vocabulary.UNK);
    }

    @Test
    void ofRejectsAnEmptyList() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Vocabulary.of(List.of()))
                .withMessageContaining(Vocabulary.UNK);
    }

    @Test
    void ofRejectsDuplicateEntries() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Vocabulary.of(List.of(Vocabulary.UNK, "the", "cat", "the")))
                .withMessageContaining("duplicate")
                .withMessageContaining("the");
    }

    @Test
    void ofRejectsASecondUnknownEntry() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Vocabulary.of(List.of(Vocabulary.UNK, "the", Vocabulary.UNK)))
                .withMessageContaining("duplicate");
    }
}
