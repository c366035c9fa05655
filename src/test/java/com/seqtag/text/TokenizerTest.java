package com.seqtag.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private final Tokenizer tokenizer = new Tokenizer();

    /** Tokenizes and checks the offset contract every caller relies on, for every test. */
    private List<Token> tokenize(String text) {
        List<Token> tokens = tokenizer.tokenize(text);
        assertOffsetsMatchSource(text, tokens);
        return tokens;
    }

    private List<String> texts(String text) {
        return tokenize(text).stream().map(Token::text).toList();
    }

    /** Plain checks rather than one AssertJ assertion per token keep the long-input tests fast. */
    private static void assertOffsetsMatchSource(String text, List<Token> tokens) {
        int previousEnd = 0;
        for (Token token : tokens) {
            if (!text.substring(token.start(), token.end()).equals(token.text())) {
                fail("%s does not match its source text", token);
            }
            if (token.start() < previousEnd) {
                fail("%s overlaps the token before it", token);
            }
            if (splitsSurrogatePair(text, token.start()) || splitsSurrogatePair(text, token.end())) {
                fail("%s cuts a surrogate pair", token);
            }
            previousEnd = token.end();
        }
    }

    private static boolean splitsSurrogatePair(String text, int offset) {
        return offset > 0 && offset < text.length()
                && Character.isHighSurrogate(text.charAt(offset - 1))
                && Character.isLowSurrogate(text.charAt(offset));
    }

    /** A token expected at {@code start}; its end follows from the text. */
    private static Token token(String text, int start) {
        return new Token(text, start, start + text.length());
    }

    @Nested
    class ConllStyle {

        @Test
        void splitsSentenceFinalPeriodFromOrdinaryWord() {
            assertThat(tokenize("EU rejects German call to boycott British lamb."))
                    .containsExactly(token("EU", 0), token("rejects", 3), token("German", 11), token("call", 18),
                            token("to", 23), token("boycott", 26), token("British", 34), token("lamb", 42),
                            token(".", 46));
        }

        @Test
        void keepsInitialismsWhole() {
            assertThat(tokenize("The U.S. and U.N. agreed, e.g. on Ph.D. rules."))
                    .containsExactly(token("The", 0), token("U.S.", 4), token("and", 9), token("U.N.", 13),
                            token("agreed", 18), token(",", 24), token("e.g.", 26), token("on", 31),
                            token("Ph.D.", 34), token("rules", 40), token(".", 45));
        }

        @Test
        void keepsKnownAbbreviationsAndInitialsWithTheirPeriod() {
            assertThat(texts("Mr. and Mrs. J. Smith of Acme Corp. met Dr. No on Jan. 5 in St. Louis, Calif."))
                    .containsExactly("Mr.", "and", "Mrs.", "J.", "Smith", "of", "Acme", "Corp.", "met", "Dr.",
                            "No", "on", "Jan.", "5", "in", "St.", "Louis", ",", "Calif.");
            assertThat(texts("Foo Inc. bought Bar Ltd. and Baz Co. for $1."))
                    .containsExactly("Foo", "Inc.", "bought", "Bar", "Ltd.", "and", "Baz", "Co.", "for", "$", "1",
                            ".");
        }

        @Test
        void treatsAbbreviationsCaseSensitively() {
            assertThat(tokenize("No. 1 said no."))
                    .containsExactly(token("No.", 0), token("1", 4), token("said", 6), token("no", 11),
                            token(".", 13));
        }

        @Test
        void splitsPeriodAfterDomainLikeWordsAndNumbers() {
            assertThat(tokenize("Visit example.com. It rose 3.5."))
                    .containsExactly(token("Visit", 0), token("example.com", 6), token(".", 17), token("It", 19),
                            token("rose", 22), token("3.5", 27), token(".", 30));
        }

        @Test
        void keepsNumbersWhole() {
            assertThat(tokenize("1,000.50 3.5 -0.25 1996-12-06 12:30 1/2 10-3"))
                    .containsExactly(token("1,000.50", 0), token("3.5", 9), token("-0.25", 13),
                            token("1996-12-06", 19), token("12:30", 30), token("1/2", 36), token("10-3", 40));
        }

        @Test
        void keepsMinusOnlyWhenItDirectlyPrecedesADigit() {
            assertThat(tokenize("(-0.25) - 5 -x"))
                    .containsExactly(token("(", 0), token("-0.25", 1), token(")", 6), token("-", 8), token("5", 10),
                            token("-", 12), token("x", 13));
        }

        @Test
        void separatesDigitGroupingPunctuationFromWords() {
            assertThat(texts("Soccer: Bayern 2 Rostock 1, 3:1 win, items 1,2"))
                    .containsExactly("Soccer", ":", "Bayern", "2", "Rostock", "1", ",", "3:1", "win", ",", "items",
                            "1,2");
        }

        @Test
        void splitsCurrencyAndPercentSigns() {
            assertThat(tokenize("$50 5% €20 £3 ¥400"))
                    .containsExactly(token("$", 0), token("50", 1), token("5", 4), token("%", 5), token("€", 7),
                            token("20", 8), token("£", 11), token("3", 12), token("¥", 14), token("400", 15));
        }

        @Test
        void keepsHyphenatedWordsWhole() {
            assertThat(tokenize("pro-democracy Hewlett-Packard U.S.-based AT&T"))
                    .containsExactly(token("pro-democracy", 0), token("Hewlett-Packard", 14),
                            token("U.S.-based", 30), token("AT&T", 41));
        }

        @Test
        void splitsDashesAndDanglingHyphens() {
            assertThat(texts("yes--no pre- and post-war -- fine---really"))
                    .containsExactly("yes", "--", "no", "pre", "-", "and", "post-war", "--", "fine", "---",
                            "really");
        }

        @Test
        void splitsPossessivesAndClitics() {
            assertThat(tokenize("John's players' don't I'm"))
                    .containsExactly(token("John", 0), token("'s", 4), token("players", 7), token("'", 14),
                            token("do", 16), token("n't", 18), token("I", 22), token("'m", 23));
            assertThat(texts("they're we've you'll he'd can't WON'T"))
                    .containsExactly("they", "'re", "we", "'ve", "you", "'ll", "he", "'d", "ca", "n't", "WO",
                            "N'T");
        }

        @Test
        void splitsCliticsWrittenWithCurlyApostrophe() {
            assertThat(tokenize("John’s don’t"))
                    .containsExactly(token("John", 0), token("’s", 4), token("do", 7), token("n’t", 9));
        }

        @Test
        void keepsApostrophesInsideNames() {
            assertThat(texts("O'Neill's rock'n'roll D'Alema"))
                    .containsExactly("O'Neill", "'s", "rock'n'roll", "D'Alema");
        }

        @Test
        void splitsPunctuation() {
            assertThat(texts("Hello, world; yes: no! why? (a) [b] {c}"))
                    .containsExactly("Hello", ",", "world", ";", "yes", ":", "no", "!", "why", "?", "(", "a", ")",
                            "[", "b", "]", "{", "c", "}");
        }

        @Test
        void splitsQuotesOfEveryStyle() {
            assertThat(tokenize("\"Hi\" “Yo” „Na“ ``Ok'' 'so'"))
                    .containsExactly(token("\"", 0), token("Hi", 1), token("\"", 3), token("“", 5), token("Yo", 6),
                            token("”", 8), token("„", 10), token("Na", 11), token("“", 13), token("``", 15),
                            token("Ok", 17), token("''", 19), token("'", 22), token("so", 23), token("'", 25));
        }

        @Test
        void keepsEllipsesWhole() {
            assertThat(tokenize("Wait... what… U.S..."))
                    .containsExactly(token("Wait", 0), token("...", 4), token("what", 8), token("…", 12),
                            token("U.S", 14), token("...", 17));
        }
    }

    @Nested
    class WebText {

        @Test
        void keepsUrlsWholeButNotTheirTrailingPunctuation() {
            String text = "See http://example.com/a?b=c&d=1, (https://en.wikipedia.org/wiki/Foo_(bar)) www.reuters.com.";
            assertThat(tokenize(text))
                    .containsExactly(token("See", 0), token("http://example.com/a?b=c&d=1", 4), token(",", 32),
                            token("(", 34), token("https://en.wikipedia.org/wiki/Foo_(bar)", 35), token(")", 74),
                            token("www.reuters.com", 76), token(".", 91));
        }

        @Test
        void keepsEmailAddressesWhole() {
            assertThat(tokenize("Mail john.doe+ner@mail.example.co.uk. Or x@y."))
                    .containsExactly(token("Mail", 0), token("john.doe+ner@mail.example.co.uk", 5), token(".", 36),
                            token("Or", 38), token("x", 41), token("@y", 42), token(".", 44));
        }

        @Test
        void keepsHandlesAndHashtagsWhole() {
            assertThat(tokenize("@reuters_uk: #NER2003, #1 C#"))
                    .containsExactly(token("@reuters_uk", 0), token(":", 11), token("#NER2003", 13), token(",", 21),
                            token("#1", 23), token("C", 26), token("#", 27));
        }
    }

    @Nested
    class WhitespaceAndControlCharacters {

        @Test
        void splitsOnEveryKindOfWhiteSpace() {
            String text = "a\tb\nc\r\nd\u00A0e\u2007f\u202Fg\u2003h\u3000i\u200Bj\uFEFFk\u2028l";
            assertThat(tokenize(text))
                    .containsExactly(token("a", 0), token("b", 2), token("c", 4), token("d", 7), token("e", 9),
                            token("f", 11), token("g", 13), token("h", 15), token("i", 17), token("j", 19),
                            token("k", 21), token("l", 23));
        }

        @Test
        void dropsControlCharactersLikeWhiteSpace() {
            assertThat(tokenize("\u0000abc\u0000def\u0007 \u001B"))
                    .containsExactly(token("abc", 1), token("def", 5));
        }

        @Test
        void returnsNoTokensForEmptyOrBlankText() {
            assertThat(tokenize("")).isEmpty();
            assertThat(tokenize(" \t\r\n\u00A0\u3000\u200B\uFEFF\u0000")).isEmpty();
        }

        @Test
        void rejectsNull() {
            assertThatNullPointerException().isThrownBy(() -> tokenizer.tokenize(null));
        }
    }

    @Nested
    class Unicode {

        @Test
        void makesEachEmojiItsOwnTokenWithCorrectOffsets() {
            String text = "I 😀 it😀😀!";
            assertThat(tokenize(text))
                    .containsExactly(token("I", 0), token("😀", 2), token("it", 5), token("😀", 7), token("😀", 9),
                            token("!", 11));
        }

        @Test
        void keepsEmojiSequencesTogether() {
            String thumbsUpMediumSkin = "👍🏽";
            String family = "👨\u200D👩\u200D👧";
            String germany = "🇩🇪";
            String france = "🇫🇷";
            String heart = "❤\uFE0F";
            String keycapOne = "1\uFE0F\u20E3";
            String text = thumbsUpMediumSkin + " " + family + " " + germany + france + " " + heart + keycapOne + " x";
            assertThat(tokenize(text))
                    .containsExactly(token(thumbsUpMediumSkin, 0), token(family, 5), token(germany, 14),
                            token(france, 18), token(heart, 23), token(keycapOne, 25), token("x", 29));
        }

        @Test
        void treatsLettersOutsideTheBasicPlaneAsWordCharacters() {
            assertThat(tokenize("𝒜lpha 𠀋x, 𝒜."))
                    .containsExactly(token("𝒜lpha", 0), token("𠀋x", 7), token(",", 10), token("𝒜.", 12));
        }

        @Test
        void keepsCombiningMarksOnTheirBase() {
            String zoe = "Zoe\u0308";
            assertThat(tokenize(zoe + " Saldan\u0303a, \u0301x \"\u0301"))
                    .containsExactly(token(zoe, 0), token("Saldan\u0303a", 5), token(",", 13), token("\u0301x", 15),
                            token("\"\u0301", 18));
        }

        @Test
        void handlesLettersOfOtherScripts() {
            assertThat(texts("Москва, Россия. Ça va? Zürich 東京都 서울"))
                    .containsExactly("Москва", ",", "Россия", ".", "Ça", "va", "?", "Zürich", "東京都", "서울");
        }

        @Test
        void handlesRightToLeftText() {
            assertThat(tokenize("مرحبا بالعالم، كيف؟ שלום עולם."))
                    .containsExactly(token("مرحبا", 0), token("بالعالم", 6), token("،", 13), token("كيف", 15),
                            token("؟", 18), token("שלום", 20), token("עולם", 25), token(".", 29));
        }

        @Test
        void dropsBidiMarksButKeepsJoinersInsideWords() {
            String persian = "می\u200Cخواهم";
            assertThat(tokenize("\u200Fשלום\u200F " + persian + "\u200C"))
                    .containsExactly(token("שלום", 1), token(persian, 7));
        }

        @Test
        void keepsLoneSurrogatesAsTokensOfTheirOwn() {
            assertThat(tokenize("a\uD800b \uDC00"))
                    .containsExactly(token("a", 0), token("\uD800", 1), token("b", 2), token("\uDC00", 4));
        }

        @Test
        void keepsTheOffsetContractForRandomText() {
            Random random = new Random(2003);
            int[] interesting = {' ', '\t', '\n', '.', ',', '\'', '"', '-', '$', '%', '@', '#', ':', '/', 'a', 'Z',
                '7', 0x00A0, 0x200B, 0x200D, 0xFE0F, 0x0301, 0x1F600, 0x1F3FD, 0x1F1E9, 0x1D49C, 0x2000B, 0x05D0,
                0x0000, 0x2019, 0x2026};
            for (int round = 0; round < 200; round++) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < 200; i++) {
                    text.appendCodePoint(interesting[random.nextInt(interesting.length)]);
                }
                for (Token token : tokenize(text.toString())) {
                    assertThat(token.text().codePoints().anyMatch(CodePoints::isSeparator))
                            .as("%s contains a separator", token).isFalse();
                }
            }
        }
    }

    @Nested
    class Performance {

        /** Best of a few runs, so that JIT warm-up and a busy machine don't decide the outcome. */
        private long fastestMillis(String text) {
            long fastest = Long.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                long startedAt = System.nanoTime();
                List<Token> tokens = tokenizer.tokenize(text);
                fastest = Math.min(fastest, (System.nanoTime() - startedAt) / 1_000_000);
                assertOffsetsMatchSource(text, tokens);
            }
            return fastest;
        }

        @Test
        void tokenizesAMillionCharactersQuickly() {
            String sentence = "The U.S. Treasury's 1,000.50 bid -- \"it's fine\", said Mr. O'Neill (pro-reform) 😀 at "
                    + "http://example.com or ceo@example.com today.\n";
            String text = sentence.repeat(1_000_000 / sentence.length() + 1);

            assertThat(text.length()).isGreaterThanOrEqualTo(1_000_000);
            assertThat(tokenizer.tokenize(text)).hasSizeGreaterThan(200_000);
            assertThat(fastestMillis(text)).isLessThan(1_000);
        }

        /** A quadratic scanner would need minutes for any of these; a linear one needs milliseconds. */
        @Test
        void staysLinearOnPathologicalInput() {
            List<String> texts = List.of(
                    "a+".repeat(150_000),
                    "U.S.-".repeat(60_000),
                    "a@b".repeat(100_000),
                    "x'".repeat(150_000),
                    "1,".repeat(150_000),
                    "a.".repeat(150_000),
                    "-".repeat(300_000),
                    "a".repeat(300_000),
                    "http://x(" + ")".repeat(300_000));
            for (String text : texts) {
                assertThat(fastestMillis(text)).as("time for %s...", text.substring(0, 10)).isLessThan(1_000);
            }
        }
    }
}
