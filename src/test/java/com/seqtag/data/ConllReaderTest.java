package com.seqtag.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConllReaderTest {

    private final ConllReader reader = new ConllReader();

    private static Path fixture(String name) {
        URL url = ConllReaderTest.class.getResource("/fixtures/" + name);
        assertThat(url).as("fixture %s on the test classpath", name).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> entityTypes(List<LabeledSentence> sentences) {
        Set<String> types = new TreeSet<>();
        for (LabeledSentence sentence : sentences) {
            for (String label : sentence.labels()) {
                if (!label.equals("O")) {
                    types.add(label.substring(2));
                }
            }
        }
        return types;
    }

    /** Every I-X must continue a B-X or I-X of the same type: the fixtures are meant to be clean IOB2. */
    private static void assertWellFormedIob2(List<LabeledSentence> sentences) {
        for (LabeledSentence sentence : sentences) {
            String previous = "O";
            for (String label : sentence.labels()) {
                if (label.startsWith("I-")) {
                    assertThat(previous)
                            .as("label before %s in %s", label, sentence.words())
                            .isIn("B-" + label.substring(2), label);
                }
                previous = label;
            }
        }
    }

    @Nested
    class Fixtures {

        @Test
        void tinyTrainHasSixtySentencesStartingWithAnnaBergVisitedOslo() {
            List<LabeledSentence> sentences = reader.read(fixture("tiny-train.conll"));

            assertThat(sentences).hasSize(60);
            LabeledSentence first = sentences.get(0);
            assertThat(first.words()).containsExactly("Anna", "Berg", "visited", "Oslo", ".");
            assertThat(first.labels()).containsExactly("B-PER", "I-PER", "O", "B-LOC", "O");
        }

        @Test
        void tinyTrainUsesAllFourConllTypesInWellFormedIob2() {
            List<LabeledSentence> sentences = reader.read(fixture("tiny-train.conll"));

            assertThat(entityTypes(sentences)).containsExactly("LOC", "MISC", "ORG", "PER");
            assertWellFormedIob2(sentences);
            assertThat(sentences).as("sentences without any entity")
                    .anyMatch(s -> s.labels().stream().allMatch("O"::equals));
            assertThat(sentences).as("multi-token entities")
                    .anyMatch(s -> s.labels().stream().anyMatch(l -> l.startsWith("I-")));
        }

        @Test
        void tinyValidHasTwentySentencesWithTheSameTypes() {
            List<LabeledSentence> sentences = reader.read(fixture("tiny-valid.conll"));

            assertThat(sentences).hasSize(20);
            assertThat(sentences.get(0).words()).containsExactly("Eva", "Lind", "visited", "Dublin", ".");
            assertThat(sentences.get(0).labels()).containsExactly("B-PER", "I-PER", "O", "B-LOC", "O");
            assertThat(entityTypes(sentences)).containsExactly("LOC", "MISC", "ORG", "PER");
            assertWellFormedIob2(sentences);
        }

        @Test
        void customTypesFixtureUsesOnlyProductAndEvent() {
            List<LabeledSentence> sentences = reader.read(fixture("custom-types.conll"));

            assertThat(sentences).hasSize(20);
            assertThat(sentences.get(0).words())
                    .containsExactly("Fans", "bought", "the", "Zorbix", "Phone", "at", "Techfest", "2024", ".");
            assertThat(sentences.get(0).labels())
                    .containsExactly("O", "O", "O", "B-PRODUCT", "I-PRODUCT", "O", "B-EVENT", "I-EVENT", "O");
            assertThat(entityTypes(sentences)).containsExactly("EVENT", "PRODUCT");
            assertWellFormedIob2(sentences);
        }
    }

    @Nested
    class Parsing {

        @Test
        void skipsDocstartLinesAndSplitsSentencesOnBlankLines() {
            String text = """
                    -DOCSTART- -X- -X- O

                    Anna NNP B-NP B-PER
                    visited VBD B-VP O
                    Oslo NNP B-NP B-LOC

                    -DOCSTART- -X- -X- O

                    It PRP B-NP O
                    rained VBD B-VP O
                    """;

            List<LabeledSentence> sentences = reader.parse(text);

            assertThat(sentences).containsExactly(
                    new LabeledSentence(List.of("Anna", "visited", "Oslo"), List.of("B-PER", "O", "B-LOC")),
                    new LabeledSentence(List.of("It", "rained"), List.of("O", "O")));
        }

        @Test
        void docstartWithoutBlankLineStillEndsTheSentenceBeforeIt() {
            String text = "Anna B-PER\n-DOCSTART- O\nTom B-PER\n";

            List<LabeledSentence> sentences = reader.parse(text);

            assertThat(sentences).extracting(LabeledSentence::words)
                    .containsExactly(List.of("Anna"), List.of("Tom"));
        }

        @Test
        void treatsRunsOfBlankAndWhitespaceOnlyLinesAsOneBoundary() {
            String text = "\n\nAnna B-PER\nBerg I-PER\n\n\n   \n\t\nTom B-PER\n\n\n";

            List<LabeledSentence> sentences = reader.parse(text);

            assertThat(sentences).extracting(LabeledSentence::words)
                    .containsExactly(List.of("Anna", "Berg"), List.of("Tom"));
        }

        @Test
        void acceptsTabsAndMixedWhitespaceAsColumnSeparators() {
            String text = "Anna\tNNP\tB-NP\tB-PER\nvisited \t VBD  B-VP\tO\n";

            LabeledSentence sentence = reader.parse(text).get(0);

            assertThat(sentence.words()).containsExactly("Anna", "visited");
            assertThat(sentence.labels()).containsExactly("B-PER", "O");
        }

        @Test
        void readsTwoColumnFilesOfWordAndLabel() {
            String text = "Acme B-ORG\nCorp I-ORG\nhired O\nTom B-PER\n. O\n";

            LabeledSentence sentence = reader.parse(text).get(0);

            assertThat(sentence.words()).containsExactly("Acme", "Corp", "hired", "Tom", ".");
            assertThat(sentence.labels()).containsExactly("B-ORG", "I-ORG", "O", "B-PER", "O");
        }

        @Test
        void takesTheLastColumnAsLabelAndTheFirstAsWord() {
            LabeledSentence sentence = reader.parse("3-1 CD I-NP O\nGerman JJ B-NP B-MISC\n").get(0);

            assertThat(sentence.words()).containsExactly("3-1", "German");
            assertThat(sentence.labels()).containsExactly("O", "B-MISC");
        }

        @Test
        void handlesCrlfLineEndings() {
            String text = "-DOCSTART- -X- -X- O\r\n\r\nAnna NNP B-NP B-PER\r\nBerg NNP I-NP I-PER\r\n\r\n"
                    + "Tom NNP B-NP B-PER\r\n";

            List<LabeledSentence> sentences = reader.parse(text);

            assertThat(sentences).hasSize(2);
            assertThat(sentences.get(0).labels()).containsExactly("B-PER", "I-PER");
            assertThat(sentences.get(1).labels()).containsExactly("B-PER");
        }

        @Test
        void ignoresLeadingAndTrailingWhitespaceOnALine() {
            String text = "Anna B-PER   \n  visited O\t\nOslo B-LOC \n";

            LabeledSentence sentence = reader.parse(text).get(0);

            assertThat(sentence.words()).containsExactly("Anna", "visited", "Oslo");
            assertThat(sentence.labels()).containsExactly("B-PER", "O", "B-LOC");
        }

        @Test
        void acceptsCustomEntityTypes() {
            LabeledSentence sentence = reader.parse("Zorbix B-PRODUCT\nPhone I-PRODUCT\n").get(0);

            assertThat(sentence.labels()).containsExactly("B-PRODUCT", "I-PRODUCT");
        }

        @Test
        void readsAFileWithCrlfLineEndingsFromDisk(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("crlf.conll");
            Files.writeString(file, "Anna B-PER\r\nvisited O\r\n\r\nOslo B-LOC\r\n", StandardCharsets.UTF_8);

            List<LabeledSentence> sentences = reader.read(file);

            assertThat(sentences).extracting(LabeledSentence::words)
                    .containsExactly(List.of("Anna", "visited"), List.of("Oslo"));
        }

        @Test
        void readsUtf8WordsFromDisk(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("utf8.conll");
            Files.writeString(file, "Ærø B-LOC\nMüller B-PER\n", StandardCharsets.UTF_8);

            assertThat(reader.read(file).get(0).words()).containsExactly("Ærø", "Müller");
        }

        @Test
        void skipsDocstartInAFileThatStartsWithAUtf8ByteOrderMark(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("bom.conll");
            Files.writeString(file, "\uFEFF-DOCSTART- -X- -X- O\n\nAnna NNP B-NP B-PER\nvisited VBD B-VP O\n",
                    StandardCharsets.UTF_8);

            List<LabeledSentence> sentences = reader.read(file);

            assertThat(sentences).extracting(LabeledSentence::words)
                    .containsExactly(List.of("Anna", "visited"));
        }

        @Test
        void missingFileIsReportedAsUncheckedIoException(@TempDir Path dir) {
            Path missing = dir.resolve("missing.conll");

            assertThatThrownBy(() -> reader.read(missing))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("missing.conll");
        }
    }

    @Nested
    class Errors {

        @Test
        void lineWithOnlyOneColumnIsRejectedWithItsLineNumber() {
            String text = "-DOCSTART- -X- -X- O\n\nAnna NNP B-NP B-PER\nvisited\nOslo NNP B-NP B-LOC\n";

            ConllFormatException e = catchThrowableOfType(ConllFormatException.class, () -> reader.parse(text));

            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(4);
            assertThat(e).hasMessageStartingWith("line 4: ")
                    .hasMessageContaining("word and a label")
                    .hasMessageContaining("\"visited\"");
        }

        @Test
        void inconsistentColumnCountIsRejectedWithBothCounts() {
            String text = "Anna NNP B-NP B-PER\nvisited VBD B-VP O\n\nOslo B-LOC\n";

            ConllFormatException e = catchThrowableOfType(ConllFormatException.class, () -> reader.parse(text));

            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(4);
            assertThat(e).hasMessage("line 4: expected 4 columns like the lines before, found 2");
        }

        @Test
        void columnCountIsCheckedAcrossSentencesAndNotResetByDocstart() {
            String text = "Anna B-PER\n\n-DOCSTART- O\n\nTom NNP B-PER\n";

            ConllFormatException e = catchThrowableOfType(ConllFormatException.class, () -> reader.parse(text));

            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(5);
            assertThat(e).hasMessageContaining("expected 2 columns").hasMessageContaining("found 3");
        }

        @ParameterizedTest
        @ValueSource(strings = {"X-PER", "B-", "PER", "b-PER", "I_PER", "E-PER", "S-LOC", "OO"})
        void labelThatIsNotIob2IsRejectedWithTheLabelInTheMessage(String label) {
            String text = "Anna B-PER\nBerg I-PER\n\nTom " + label + "\n";

            ConllFormatException e = catchThrowableOfType(ConllFormatException.class, () -> reader.parse(text));

            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(4);
            assertThat(e).hasMessageStartingWith("line 4: ")
                    .hasMessageContaining("\"" + label + "\"")
                    .hasMessageContaining("IOB2");
        }

        @Test
        void lineNumbersCountCrlfLinesLikeLfLines() {
            String text = "Anna B-PER\r\n\r\nTom PER\r\n";

            ConllFormatException e = catchThrowableOfType(ConllFormatException.class, () -> reader.parse(text));

            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(3);
        }

        @Test
        void veryLongOffendingTextIsAbbreviatedInTheMessage() {
            String longWord = "x".repeat(200);

            ConllFormatException e = catchThrowableOfType(ConllFormatException.class,
                    () -> reader.parse(longWord + "\n"));

            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.getMessage()).contains("x".repeat(57) + "...").doesNotContain("x".repeat(58));
        }

        @Test
        void emptyInputIsRejectedWithLineZero() {
            ConllFormatException e = catchThrowableOfType(ConllFormatException.class, () -> reader.parse(""));

            assertThat(e).isNotNull();
            assertThat(e.line()).isZero();
            assertThat(e).hasMessageStartingWith("no sentences found");
        }

        @Test
        void blankOnlyInputIsRejected() {
            ConllFormatException e = catchThrowableOfType(ConllFormatException.class,
                    () -> reader.parse("\n  \n\t\n\n"));

            assertThat(e).isNotNull();
            assertThat(e.line()).isZero();
            assertThat(e).hasMessageContaining("no sentences");
        }

        @Test
        void inputWithOnlyDocstartLinesIsRejected() {
            String text = "-DOCSTART- -X- -X- O\n\n-DOCSTART- -X- -X- O\n\n";

            ConllFormatException e = catchThrowableOfType(ConllFormatException.class, () -> reader.parse(text));

            assertThat(e).isNotNull();
            assertThat(e.line()).isZero();
            assertThat(e).hasMessageContaining("-DOCSTART-");
        }

        @Test
        void emptyFileOnDiskIsRejected(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("empty.conll"), "");

            assertThatThrownBy(() -> reader.read(file))
                    .isInstanceOf(ConllFormatException.class)
                    .hasMessageContaining("no sentences");
        }
    }
}
