package com.seqtag.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    private final Tokenizer tokenizer = new Tokenizer();
    private final SentenceSplitter splitter = new SentenceSplitter();

    /**
     * Splits {@code text} and checks what every split must guarantee: each token keeps matching its
     * source, and the sentences together hold exactly the tokenizer's tokens in order.
     */
    private List<List<Token>> split(SentenceSplitter sentenceSplitter, String text) {
        List<Token> tokens = tokenizer.tokenize(text);
        List<List<Token>> sentences = sentenceSplitter.split(text, tokens);

        List<Token> flattened = new ArrayList<>();
        sentences.forEach(flattened::addAll);
        assertThat(flattened).containsExactlyElementsOf(tokens);
        assertThat(sentences).allSatisfy(sentence -> assertThat(sentence).isNotEmpty());
        for (Token token : flattened) {
            assertThat(text.substring(token.start(), token.end())).isEqualTo(token.text());
        }
        return sentences;
    }

    /** Each sentence as the stretch of source text from its first to its last token. */
    private List<String> sentenceSpans(SentenceSplitter sentenceSplitter, String text) {
        return split(sentenceSplitter, text).stream()
                .map(sentence -> text.substring(sentence.get(0).start(), sentence.get(sentence.size() - 1).end()))
                .toList();
    }

    private List<String> sentenceSpans(String text) {
        return sentenceSpans(splitter, text);
    }

    private static List<String> texts(List<Token> sentence) {
        return sentence.stream().map(Token::text).toList();
    }

    @Test
    void splitsAtSentenceFinalPunctuation() {
        String text = "Is it over? Yes! It ended in 1996. 5 people stayed.";
        List<List<Token>> sentences = split(splitter, text);

        assertThat(sentences).hasSize(4);
        assertThat(texts(sentences.get(0))).containsExactly("Is", "it", "over", "?");
        assertThat(sentences.get(1)).containsExactly(new Token("Yes", 12, 15), new Token("!", 15, 16));
        assertThat(texts(sentences.get(2))).containsExactly("It", "ended", "in", "1996", ".");
        assertThat(texts(sentences.get(3))).containsExactly("5", "people", "stayed", ".");
    }

    @Test
    void doesNotSplitAfterAbbreviations() {
        assertThat(sentenceSpans("Mr. Smith went to Washington. He met U.S. officials and J. Doe of Acme Corp. "
                + "on Jan. 5. Then he left."))
                .containsExactly("Mr. Smith went to Washington.",
                        "He met U.S. officials and J. Doe of Acme Corp. on Jan. 5.",
                        "Then he left.");
    }

    @Test
    void keepsClosingQuotesAndBracketsWithTheSentenceTheyClose() {
        assertThat(sentenceSpans("He said \"Stop.\" Then he left. (It was late.) She stayed. “Why?” she asked."))
                .containsExactly("He said \"Stop.\"", "Then he left.", "(It was late.)", "She stayed.",
                        "“Why?” she asked.");
    }

    @Test
    void treatsAStraightQuoteAfterASpaceAsOpeningTheNextSentence() {
        List<List<Token>> sentences = split(splitter, "It ended. \"Why?\" he asked.");

        assertThat(sentences).hasSize(2);
        assertThat(sentences.get(0)).containsExactly(new Token("It", 0, 2), new Token("ended", 3, 8),
                new Token(".", 8, 9));
        assertThat(sentences.get(1)).containsExactly(new Token("\"", 10, 11), new Token("Why", 11, 14),
                new Token("?", 14, 15), new Token("\"", 15, 16), new Token("he", 17, 19), new Token("asked", 20, 25),
                new Token(".", 25, 26));
    }

    @Test
    void continuesWhenTheNextWordIsLowerCase() {
        assertThat(sentenceSpans("Wait... what? no way. Really?! Yes."))
                .containsExactly("Wait... what? no way.", "Really?!", "Yes.");
    }

    @Test
    void splitsAfterEllipsisCharacter() {
        assertThat(sentenceSpans("It faded… Then silence.")).containsExactly("It faded…", "Then silence.");
    }

    @Test
    void splitsScriptsWithoutLetterCase() {
        assertThat(sentenceSpans("東京に行きました。大阪も好きです。")).containsExactly("東京に行きました。", "大阪も好きです。");
        assertThat(sentenceSpans("كيف حالك؟ أنا بخير.")).containsExactly("كيف حالك؟", "أنا بخير.");
    }

    @Test
    void alwaysSplitsAtBlankLines() {
        assertThat(sentenceSpans("BASEBALL - RESULTS\n\nNew York 5 Boston 3\r\n\r\nteam standings\n \t\nmore"))
                .containsExactly("BASEBALL - RESULTS", "New York 5 Boston 3", "team standings", "more");
    }

    @Test
    void doesNotSplitAtASingleLineBreak() {
        assertThat(sentenceSpans("first line\nsecond line\r\nthird line")).containsExactly(
                "first line\nsecond line\r\nthird line");
    }

    @Test
    void splitsAtBlankLineEvenAfterAnAbbreviation() {
        assertThat(sentenceSpans("He moved to the U.S.\n\nThe end. next")).containsExactly("He moved to the U.S.",
                "The end. next");
    }

    @Test
    void keepsTextWithoutFinalPunctuationAsOneSentence() {
        List<List<Token>> sentences = split(splitter, "no period here");

        assertThat(sentences).containsExactly(
                List.of(new Token("no", 0, 2), new Token("period", 3, 9), new Token("here", 10, 14)));
    }

    @Test
    void returnsNothingForNoTokens() {
        assertThat(splitter.split("", List.of())).isEmpty();
        assertThat(split(splitter, " \n\n ")).isEmpty();
    }

    @Test
    void cutsLongSentencesIntoChunksOfAtMostMaxTokens() {
        SentenceSplitter smallSplitter = new SentenceSplitter(3);
        List<List<Token>> sentences = split(smallSplitter, "a b c d e f go. Short one. X");

        assertThat(sentences).extracting(SentenceSplitterTest::texts).containsExactly(
                List.of("a", "b", "c"),
                List.of("d", "e", "f"),
                List.of("go", "."),
                List.of("Short", "one", "."),
                List.of("X"));
        assertThat(sentences.get(1).get(0)).isEqualTo(new Token("d", 6, 7));
    }

    @Test
    void defaultCapIs256Tokens() {
        String text = "word ".repeat(600);
        List<List<Token>> sentences = split(splitter, text);

        assertThat(sentences).extracting(List::size).containsExactly(256, 256, 88);
        assertThat(sentences.get(1).get(0)).isEqualTo(new Token("word", 256 * 5, 256 * 5 + 4));
    }

    @Test
    void capOfOneMakesEveryTokenASentence() {
        assertThat(sentenceSpans(new SentenceSplitter(1), "Hi there.")).containsExactly("Hi", "there", ".");
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SentenceSplitter(0));
        assertThatNullPointerException().isThrownBy(() -> splitter.split(null, List.of()));
        assertThatNullPointerException().isThrownBy(() -> splitter.split("", null));
    }

    @Test
    void splitsALongTextQuickly() {
        String paragraph = "The U.S. Treasury said on Monday it would sell $10 billion. Mr. Smith agreed!\n\n";
        String text = paragraph.repeat(1_000_000 / paragraph.length() + 1);
        List<Token> tokens = tokenizer.tokenize(text);

        long startedAt = System.nanoTime();
        List<List<Token>> sentences = splitter.split(text, tokens);
        long millis = (System.nanoTime() - startedAt) / 1_000_000;

        assertThat(sentences).hasSize(2 * (1_000_000 / paragraph.length() + 1));
        assertThat(sentences.get(1)).first().isEqualTo(new Token("Mr.", 60, 63));
        assertThat(millis).isLessThan(1_000);
    }
}
