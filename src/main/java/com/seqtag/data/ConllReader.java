package com.seqtag.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads CoNLL-style files: one token per line, whitespace-separated columns with the word first
 * and the IOB2 label last, blank lines between sentences, {@code -DOCSTART-} lines ignored.
 * Every line must have the same number of columns (at least two); anything else is rejected with
 * the line number, because silently skipping bad lines would train on corrupted data.
 */
public final class ConllReader {

    private static final Pattern COLUMN_SEPARATOR = Pattern.compile("[ \\t]+");

    /** Reads all sentences of a UTF-8 file. */
    public List<LabeledSentence> read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads all sentences of CoNLL text held in memory. */
    public List<LabeledSentence> parse(String conllText) {
        try {
            return read(new BufferedReader(new StringReader(conllText)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<LabeledSentence> read(Reader source) throws IOException {
        BufferedReader reader = source instanceof BufferedReader b ? b : new BufferedReader(source);
        List<LabeledSentence> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int expectedColumns = -1;
        int lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                // Some editors start UTF-8 files with a byte-order mark; it is not part of the first word.
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                flush(words, labels, sentences);
                continue;
            }
            if (trimmed.startsWith("-DOCSTART-")) {
                flush(words, labels, sentences);
                continue;
            }
            String[] columns = COLUMN_SEPARATOR.split(trimmed);
            if (columns.length < 2) {
                throw new ConllFormatException(lineNumber,
                        "expected a word and a label separated by whitespace, found \"" + abbreviate(trimmed) + "\"");
            }
            if (expectedColumns < 0) {
                expectedColumns = columns.length;
            } else if (columns.length != expectedColumns) {
                throw new ConllFormatException(lineNumber, "expected " + expectedColumns
                        + " columns like the lines before, found " + columns.length);
            }
            String label = columns[columns.length - 1];
            if (!IobLabel.isValid(label)) {
                throw new ConllFormatException(lineNumber,
                        "label \"" + abbreviate(label) + "\" is not IOB2 (O, B-TYPE or I-TYPE)");
            }
            words.add(columns[0]);
            labels.add(label);
        }
        flush(words, labels, sentences);
        if (sentences.isEmpty()) {
            throw new ConllFormatException(0, "no sentences found: the input is empty or has only -DOCSTART- lines");
        }
        return sentences;
    }

    private static void flush(List<String> words, List<String> labels, List<LabeledSentence> sentences) {
        if (!words.isEmpty()) {
            sentences.add(new LabeledSentence(words, labels));
            words.clear();
            labels.clear();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
