package com.seqtag.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordShapeTest {

    // Feature positions, in the order documented on WordShape.features.
    private static final int LOWER = 0;
    private static final int UPPER = 1;
    private static final int INITIAL_CAPITAL = 2;
    private static final int MIXED_CASE = 3;
    private static final int NUMBER = 4;
    private static final int HAS_DIGIT = 5;
    private static final int PUNCTUATION = 6;
    private static final int HYPHEN = 7;
    private static final int SINGLE_CHARACTER = 8;

    /** A feature vector with 1 at the given positions and 0 everywhere else. */
    private static float[] only(int... positions) {
        float[] expected = new float[9];
        for (int position : positions) {
            expected[position] = 1;
        }
        return expected;
    }

    @Test
    void featureCountMatchesTheLengthOfTheReturnedArray() {
        assertThat(WordShape.FEATURE_COUNT).isEqualTo(9);
        for (String word : new String[] {"the", "", "1,000.50", "😀", "pro-democracy"}) {
            assertThat(WordShape.features(word)).as(word).hasSize(WordShape.FEATURE_COUNT);
        }
    }

    @Test
    void lowerCaseWord() {
        assertThat(WordShape.features("the")).containsExactly(only(LOWER));
    }

    @Test
    void allUpperCaseWord() {
        assertThat(WordShape.features("THE")).containsExactly(only(UPPER));
    }

    @Test
    void initialCapitalWord() {
        assertThat(WordShape.features("The")).containsExactly(only(INITIAL_CAPITAL));
    }

    @Test
    void mixedCaseWord() {
        assertThat(WordShape.features("McDonald")).containsExactly(only(MIXED_CASE));
    }

    @Test
    void decimalNumberWithThousandsSeparator() {
        assertThat(WordShape.features("1,000.50")).containsExactly(only(NUMBER, HAS_DIGIT));
    }

    @Test
    void sportsScoreIsANumberWithAHyphen() {
        assertThat(WordShape.features("3-1")).containsExactly(only(NUMBER, HAS_DIGIT, HYPHEN));
    }

    @Test
    void letterAndDigitIsNotANumberButHasADigit() {
        assertThat(WordShape.features("A1")).containsExactly(only(INITIAL_CAPITAL, HAS_DIGIT));
    }

    @Test
    void digitsWithOtherSymbolsAreNotNumberLike() {
        assertThat(WordShape.features("50%")).containsExactly(only(HAS_DIGIT));
    }

    @Test
    void singlePunctuationMark() {
        assertThat(WordShape.features(",")).containsExactly(only(PUNCTUATION, SINGLE_CHARACTER));
    }

    @Test
    void hyphenatedLowerCaseWord() {
        assertThat(WordShape.features("pro-democracy")).containsExactly(only(LOWER, HYPHEN));
    }

    @Test
    void singleCapitalLetterCountsAsInitialCapitalNotAllUpperCase() {
        assertThat(WordShape.features("I")).containsExactly(only(INITIAL_CAPITAL, SINGLE_CHARACTER));
    }

    @Test
    void singleDigitIsANumberAndASingleCharacter() {
        assertThat(WordShape.features("7")).containsExactly(only(NUMBER, HAS_DIGIT, SINGLE_CHARACTER));
    }

    @Test
    void emojiOutsideTheBasicPlaneIsOneCharacterAndASymbol() {
        String emoji = "😀"; // U+1F600: one code point, two UTF-16 chars
        assertThat(emoji).hasSize(2);

        assertThat(WordShape.features(emoji)).containsExactly(only(PUNCTUATION, SINGLE_CHARACTER));
    }

    @Test
    void accentedCapitalsCountAsUpperCase() {
        assertThat(WordShape.features("Ærø")).containsExactly(only(INITIAL_CAPITAL));
        assertThat(WordShape.features("ÉCOLE")).containsExactly(only(UPPER));
    }

    @Test
    void emptyWordHasNoFeatures() {
        assertThat(WordShape.features("")).containsExactly(only());
    }
}
