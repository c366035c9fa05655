package com.seqtag.text;

import static com.seqtag.text.CodePoints.isApostrophe;
import static com.seqtag.text.CodePoints.isHyphen;
import static com.seqtag.text.CodePoints.isInvisibleJoiner;
import static com.seqtag.text.CodePoints.isMinus;
import static com.seqtag.text.CodePoints.isSeparator;
import static com.seqtag.text.CodePoints.isWordChar;
import static java.lang.Character.isDigit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Splits text into CoNLL-2003 (Penn Treebank style) tokens with their source offsets. */
public final class Tokenizer {

    /** Clitics split off the word before them, PTB style: John 's, I 'm, we 're, they 've. */
    private static final List<String> CLITICS = List.of("s", "m", "d", "re", "ve", "ll");

    private static final List<String> URL_PREFIXES = List.of("http://", "https://", "ftp://", "www.");

    /** Punctuation a URL is far more likely to be followed by than to end with. */
    private static final String URL_TRAILING_PUNCTUATION = ".,;:!?)]}>\"'\u2019\u201D\u00BB";

    /** RFC 5321 limits; they also bound the work spent on strings that merely look like addresses. */
    private static final int MAX_EMAIL_LOCAL_LENGTH = 64;
    private static final int MAX_EMAIL_DOMAIN_LENGTH = 255;

    /** Returns the tokens of {@code text} in order; blank text has none. */
    public List<Token> tokenize(String text) {
        Objects.requireNonNull(text, "text");
        return new Scan(text).run();
    }

    /**
     * One left-to-right pass over a text. At every token start the rules are tried from the most to
     * the least specific; each rule returns the end of its token, or -1 if it does not apply.
     */
    private static final class Scan {

        private final String text;
        private final int length;
        private final List<Token> tokens = new ArrayList<>();
        /** Where the next '@' is, cached so looking ahead for e-mail addresses stays linear. */
        private int nextAtSign = -1;

        Scan(String text) {
            this.text = text;
            this.length = text.length();
        }

        List<Token> run() {
            int pos = 0;
            while (pos < length) {
                int cp = text.codePointAt(pos);
                if (isSeparator(cp) || isInvisibleJoiner(cp)) {
                    pos += Character.charCount(cp);
                    continue;
                }
                int end = tokenEnd(pos, cp);
                tokens.add(new Token(text.substring(pos, end), pos, end));
                pos = end;
            }
            return tokens;
        }

        private int tokenEnd(int start, int cp) {
            int end;
            if ((end = url(start)) > 0
                    || (end = clitic(start)) > 0
                    || (end = doubledQuote(start)) > 0
                    || (end = dotsOrDashes(start, cp)) > 0
                    || (end = negativeNumber(start, cp)) > 0
                    || (end = handleOrHashtag(start, cp)) > 0
                    || (end = email(start, cp)) > 0
                    || (end = word(start, cp)) > 0
                    || (end = emoji(start, cp)) > 0) {
                return end;
            }
            return withMarks(start + Character.charCount(cp));
        }

        /** A URL runs to the next separator, minus punctuation that most likely ends the sentence. */
        private int url(int start) {
            String prefix = urlPrefixAt(start);
            if (prefix == null) {
                return -1;
            }
            int end = start;
            int unclosedParentheses = 0;
            while (end < length && !isSeparator(text.codePointAt(end))) {
                char c = text.charAt(end);
                unclosedParentheses += c == '(' ? 1 : c == ')' ? -1 : 0;
                end += Character.charCount(text.codePointAt(end));
            }
            int minimumEnd = start + prefix.length();
            while (end > minimumEnd && URL_TRAILING_PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0) {
                char last = text.charAt(end - 1);
                // a closing parenthesis that balances one inside the URL belongs to it (Wikipedia links)
                if (last == ')' && unclosedParentheses >= 0) {
                    break;
                }
                unclosedParentheses += last == ')' ? 1 : 0;
                end--;
            }
            return end > minimumEnd ? end : -1;
        }

        private String urlPrefixAt(int start) {
            char first = Character.toLowerCase(text.charAt(start));
            if (first != 'h' && first != 'w' && first != 'f') {
                return null;
            }
            for (String prefix : URL_PREFIXES) {
                if (text.regionMatches(true, start, prefix, 0, prefix.length())) {
                    return prefix;
                }
            }
            return null;
        }

        /** 's 'm 'd 're 've 'll and n't, only right after the word they were split from. */
        private int clitic(int start) {
            if (start == 0 || !isWordChar(text.codePointBefore(start))) {
                return -1;
            }
            if (isNegationClitic(start)) {
                return start + 3;
            }
            int apostropheClitic = cliticLength(start);
            return apostropheClitic > 0 ? start + apostropheClitic : -1;
        }

        /** Length of an apostrophe clitic at {@code at} (apostrophe included), or 0. */
        private int cliticLength(int at) {
            if (at >= length || !isApostrophe(text.charAt(at))) {
                return 0;
            }
            for (String clitic : CLITICS) {
                int end = at + 1 + clitic.length();
                if (text.regionMatches(true, at + 1, clitic, 0, clitic.length()) && isWordBoundary(end)) {
                    return 1 + clitic.length();
                }
            }
            return 0;
        }

        /** "n't" as in don't: the n belongs to the clitic, which leaves "do" (and "ca", "wo"). */
        private boolean isNegationClitic(int at) {
            return at + 3 <= length
                    && (text.charAt(at) == 'n' || text.charAt(at) == 'N')
                    && isApostrophe(text.charAt(at + 1))
                    && (text.charAt(at + 2) == 't' || text.charAt(at + 2) == 'T')
                    && isWordBoundary(at + 3);
        }

        private boolean isWordBoundary(int at) {
            return at >= length || !isWordChar(text.codePointAt(at));
        }

        /** `` and '' are how PTB text writes opening and closing double quotes. */
        private int doubledQuote(int start) {
            boolean doubled = text.startsWith("``", start) || text.startsWith("''", start);
            return doubled ? start + 2 : -1;
        }

        /** Runs of periods form one ellipsis token, runs of hyphens one dash token ("--"). */
        private int dotsOrDashes(int start, int cp) {
            if (cp != '.' && cp != '-') {
                return -1;
            }
            int end = start;
            while (end < length && text.charAt(end) == cp) {
                end++;
            }
            return end - start >= 2 ? end : -1;
        }

        /** A minus directly before a digit belongs to the number: -0.25. */
        private int negativeNumber(int start, int cp) {
            int digitAt = start + 1;
            if (!isMinus(cp) || digitAt >= length || !isDigit(text.codePointAt(digitAt))) {
                return -1;
            }
            return word(digitAt, text.codePointAt(digitAt));
        }

        private int handleOrHashtag(int start, int cp) {
            int nameAt = start + 1;
            if ((cp != '@' && cp != '#') || nameAt >= length || !isWordChar(text.codePointAt(nameAt))) {
                return -1;
            }
            int end = nameAt;
            while (end < length && isWordChar(text.codePointAt(end))) {
                end += Character.charCount(text.codePointAt(end));
            }
            return end;
        }

        private int email(int start, int cp) {
            if (!Character.isLetterOrDigit(cp) || !hasAtSignWithin(start, MAX_EMAIL_LOCAL_LENGTH)) {
                return -1;
            }
            int at = start;
            while (at < length && at - start < MAX_EMAIL_LOCAL_LENGTH && isEmailLocalChar(text.charAt(at))) {
                at++;
            }
            if (at >= length || text.charAt(at) != '@') {
                return -1;
            }
            int domainStart = at + 1;
            int end = domainStart;
            while (end < length && end - domainStart < MAX_EMAIL_DOMAIN_LENGTH
                    && isEmailDomainChar(text.charAt(end))) {
                end++;
            }
            // the sentence may end right after the address
            while (end > domainStart && !Character.isLetterOrDigit(text.charAt(end - 1))) {
                end--;
            }
            boolean startsWithLabel = end > domainStart && Character.isLetterOrDigit(text.charAt(domainStart));
            boolean hasDot = text.substring(domainStart, end).indexOf('.') > 0;
            return startsWithLabel && hasDot ? end : -1;
        }

        private boolean hasAtSignWithin(int from, int distance) {
            if (nextAtSign < from) {
                int found = text.indexOf('@', from);
                nextAtSign = found < 0 ? length : found;
            }
            return nextAtSign < length && nextAtSign - from <= distance;
        }

        private boolean isEmailLocalChar(char c) {
            return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
        }

        private boolean isEmailDomainChar(char c) {
            return Character.isLetterOrDigit(c) || c == '.' || c == '-';
        }

        /** A word plus its final period when that period marks an abbreviation (U.S., Corp., J.). */
        private int word(int start, int cp) {
            if (!isWordChar(cp)) {
                return -1;
            }
            int end = wordBody(start);
            boolean periodFollows = end < length && text.charAt(end) == '.';
            boolean startsEllipsis = end + 1 < length && text.charAt(end + 1) == '.';
            if (periodFollows && !startsEllipsis && Abbreviations.keepsPeriod(text, start, end)) {
                end++;
            }
            return end;
        }

        /**
         * Word characters, joined by the punctuation that CoNLL keeps inside a token: hyphens
         * (pro-democracy, 10-3), internal periods (U.S, 3.5), digit separators (1,000 12:30 1/2),
         * apostrophes not starting a clitic (O'Neill) and ampersands in initialisms (AT&T).
         */
        private int wordBody(int start) {
            int i = start;
            while (i < length) {
                int cp = text.codePointAt(i);
                int next = i + Character.charCount(cp);
                if (isWordChar(cp)) {
                    if (i > start && isNegationClitic(i)) {
                        return i;
                    }
                    i = next;
                } else if (joinsWordParts(i, cp, next)) {
                    i = next;
                } else if (cp == '.' && startsAbbreviationCompound(start, i)) {
                    i = next + 1;
                } else {
                    return i;
                }
            }
            return i;
        }

        /** Whether {@code cp} at {@code i}, between two parts of a word, keeps them one token. */
        private boolean joinsWordParts(int i, int cp, int next) {
            if (next >= length) {
                return false;
            }
            int after = text.codePointAt(next);
            boolean digitBefore = isDigit(text.codePointBefore(i));
            if (isInvisibleJoiner(cp) || isHyphen(cp) || cp == '.') {
                return isWordChar(after);
            }
            if (cp == ',' || cp == ':' || cp == '/' || cp == '\u2013') {
                return digitBefore && isDigit(after);
            }
            if (isApostrophe(cp)) {
                return Character.isLetter(after) && cliticLength(i) == 0;
            }
            if (cp == '&') {
                return Character.isUpperCase(text.codePointBefore(i)) && Character.isUpperCase(after);
            }
            return false;
        }

        /** U.S.-based: an abbreviation's period followed by a hyphen and another word part. */
        private boolean startsAbbreviationCompound(int start, int periodAt) {
            int hyphenAt = periodAt + 1;
            int afterAt = periodAt + 2;
            return afterAt < length
                    && isHyphen(text.charAt(hyphenAt))
                    && isWordChar(text.codePointAt(afterAt))
                    && Abbreviations.keepsPeriod(text, start, periodAt);
        }

        /**
         * One pictograph with everything that renders as part of it: variation selectors, skin
         * tones, keycaps, tag sequences, ZWJ-joined pictographs, and the second half of a flag.
         */
        private int emoji(int start, int cp) {
            if (!CodePoints.isSymbol(cp)) {
                return -1;
            }
            int end = start + Character.charCount(cp);
            if (CodePoints.isRegionalIndicator(cp) && end < length
                    && CodePoints.isRegionalIndicator(text.codePointAt(end))) {
                end += Character.charCount(text.codePointAt(end));
            }
            while (end < length) {
                int next = text.codePointAt(end);
                if (CodePoints.isEmojiModifier(next)) {
                    end += Character.charCount(next);
                } else if (next == CodePoints.ZERO_WIDTH_JOINER && end + 1 < length
                        && CodePoints.isSymbol(text.codePointAt(end + 1))) {
                    end += 1 + Character.charCount(text.codePointAt(end + 1));
                } else {
                    break;
                }
            }
            return end;
        }

        /** Combining marks stay on whatever character they decorate, even punctuation. */
        private int withMarks(int end) {
            while (end < length && CodePoints.isCombiningMark(text.codePointAt(end))) {
                end += Character.charCount(text.codePointAt(end));
            }
            return end;
        }
    }
}
