package com.seqtag.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Groups a text's tokens into sentences, cutting overly long ones into chunks a tagger can take. */
public final class SentenceSplitter {

    public static final int DEFAULT_MAX_TOKENS = 256;

    /**
     * Characters a sentence-final token consists of. Abbreviations like "U.S." or "Mr." never
     * qualify: the tokenizer keeps their period inside the token, so they never end a sentence.
     */
    private static final String TERMINAL_PUNCTUATION = ".!?\u2026\u3002\uFF01\uFF1F\u061F\u0964";

    private static final char PARAGRAPH_SEPARATOR = '\u2029';

    private final int maxTokens;

    public SentenceSplitter() {
        this(DEFAULT_MAX_TOKENS);
    }

    public SentenceSplitter(int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
        }
        this.maxTokens = maxTokens;
    }

    /**
     * Splits {@code tokens}, which must come from {@code text} in order, into sentences. Every token
     * ends up in exactly one sentence, in the original order, and no sentence is empty.
     */
    public List<List<Token>> split(String text, List<Token> tokens) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(tokens, "tokens");
        List<List<Token>> sentences = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        // true once the current sentence has had its . ! ? and may only take closing punctuation
        boolean ending = false;
        for (Token token : tokens) {
            boolean breakBefore = false;
            if (!current.isEmpty()) {
                Token previous = current.get(current.size() - 1);
                if (isBlankLineBetween(text, previous, token)) {
                    breakBefore = true;
                } else if (ending && !isTerminal(token) && !closes(previous, token)) {
                    // "wait... what" carries on: only a plausible sentence start ends the sentence
                    breakBefore = startsSentence(token);
                    ending = false;
                }
            }
            if (breakBefore) {
                sentences.add(List.copyOf(current));
                current.clear();
                ending = false;
            }
            current.add(token);
            ending |= isTerminal(token);
            if (current.size() == maxTokens) {
                sentences.add(List.copyOf(current));
                current.clear();
                ending = false;
            }
        }
        if (!current.isEmpty()) {
            sentences.add(List.copyOf(current));
        }
        return sentences;
    }

    private static boolean isTerminal(Token token) {
        return token.text().chars().allMatch(c -> TERMINAL_PUNCTUATION.indexOf(c) >= 0);
    }

    /**
     * Whether {@code token} closes a quote or bracket around the sentence just ended. A straight
     * quote counts only when it touches the punctuation: after a space it opens the next sentence.
     */
    private static boolean closes(Token previous, Token token) {
        int first = token.text().codePointAt(0);
        if (!CodePoints.isClosing(first)) {
            return false;
        }
        boolean ambiguous = CodePoints.isOpening(first);
        return !ambiguous || token.start() == previous.end();
    }

    /**
     * Upper case, digits and opening quotes or brackets start a sentence; so do letters of scripts
     * without case (Arabic, Hebrew, CJK), where nothing else tells us.
     */
    private static boolean startsSentence(Token token) {
        int first = token.text().codePointAt(0);
        if (Character.isUpperCase(first) || Character.isTitleCase(first) || Character.isDigit(first)) {
            return true;
        }
        if (Character.isLetter(first) && !Character.isLowerCase(first)) {
            return true;
        }
        return CodePoints.isOpening(first);
    }

    /** Two or more line breaks between tokens mark a paragraph break, whatever precedes it. */
    private static boolean isBlankLineBetween(String text, Token previous, Token next) {
        int from = Math.min(previous.end(), text.length());
        int to = Math.min(Math.max(from, next.start()), text.length());
        int lineBreaks = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == PARAGRAPH_SEPARATOR) {
                return true;
            }
            boolean firstHalfOfCrLf = c == '\r' && i + 1 < to && text.charAt(i + 1) == '\n';
            if (isLineBreak(c) && !firstHalfOfCrLf) {
                lineBreaks++;
            }
        }
        return lineBreaks >= 2;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u0085' || c == '\u2028';
    }
}
