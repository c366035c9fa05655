package com.seqtag.text;

/** Unicode code point classes shared by the tokenizer and the sentence splitter. */
final class CodePoints {

    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int SOFT_HYPHEN = 0x00AD;
    private static final int ZERO_WIDTH_SPACE = 0x200B;
    private static final int WORD_JOINER = 0x2060;
    private static final int BYTE_ORDER_MARK = 0xFEFF;

    private CodePoints() {
    }

    /**
     * Characters that only separate tokens. Besides ordinary white space this covers the no-break
     * and typographic spaces (which {@link Character#isWhitespace} rejects), zero-width spaces, and
     * invisible bidi marks: pasted RTL text is full of them and they carry no meaning for a tagger.
     */
    static boolean isSeparator(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        if (Character.getType(cp) == Character.CONTROL) {
            return true;
        }
        return cp == ZERO_WIDTH_SPACE || cp == BYTE_ORDER_MARK || cp == WORD_JOINER || isBidiControl(cp);
    }

    private static boolean isBidiControl(int cp) {
        return cp == 0x061C
                || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * Invisible characters that belong inside a word (Persian and Indic spelling needs ZWNJ/ZWJ,
     * soft hyphens come from hyphenated layouts) but are meaningless anywhere else.
     */
    static boolean isInvisibleJoiner(int cp) {
        return cp == ZERO_WIDTH_JOINER || cp == ZERO_WIDTH_NON_JOINER || cp == SOFT_HYPHEN;
    }

    /** Letters of any script, digits, combining marks (so they stay on their base) and '_'. */
    static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK:
            case Character.COMBINING_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
            case Character.CONNECTOR_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    static boolean isCombiningMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** Pictographs and other symbols (Unicode So/Sk): each one starts a token of its own. */
    static boolean isSymbol(int cp) {
        int type = Character.getType(cp);
        return type == Character.OTHER_SYMBOL || type == Character.MODIFIER_SYMBOL;
    }

    static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    /** Code points that modify the emoji before them: variation selectors, skin tones, keycaps, tags. */
    static boolean isEmojiModifier(int cp) {
        return (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0020 && cp <= 0xE007F)
                || isCombiningMark(cp);
    }

    static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019';
    }

    /** Hyphens that join the parts of a compound word (the en dash joins only digits, 1996–97). */
    static boolean isHyphen(int cp) {
        return cp == '-' || cp == '\u2010' || cp == '\u2011';
    }

    static boolean isMinus(int cp) {
        return cp == '-' || cp == '\u2212';
    }

    /** Brackets and quotes that open a phrase; straight quotes are ambiguous and count as both. */
    static boolean isOpening(int cp) {
        return "([{\"'`\u201C\u201E\u2018\u201A\u00AB\u2039\u300C\u300E".indexOf(cp) >= 0;
    }

    static boolean isClosing(int cp) {
        return ")]}\"'\u201D\u2019\u00BB\u203A\u300D\u300F".indexOf(cp) >= 0;
    }
}
