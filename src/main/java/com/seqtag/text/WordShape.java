package com.seqtag.text;

/**
 * Casing and character-class features of a word. Lower-cased embeddings lose the capitalisation
 * that is the strongest single clue for names in English, so the tagger gets it back from here.
 */
public final class WordShape {

    /** Number of values {@link #features(String)} returns. */
    public static final int FEATURE_COUNT = 9;

    private WordShape() {
    }

    /**
     * Returns 0/1 indicators: all lower case, all upper case, initial capital only, mixed case,
     * only digits and number punctuation, contains a digit, only punctuation/symbols, contains a
     * hyphen, and a single character.
     */
    public static float[] features(String word) {
        int letters = 0;
        int upper = 0;
        int digits = 0;
        int punctuation = 0;
        boolean hyphen = false;
        int codePoints = 0;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            i += Character.charCount(cp);
            codePoints++;
            if (Character.isLetter(cp)) {
                letters++;
                if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                    upper++;
                }
            } else if (Character.isDigit(cp)) {
                digits++;
            } else {
                punctuation++;
                hyphen |= cp == '-';
            }
        }
        boolean firstUpper = letters > 0 && Character.isUpperCase(word.codePointAt(0));
        float[] f = new float[FEATURE_COUNT];
        f[0] = letters > 0 && upper == 0 ? 1 : 0;
        f[1] = letters > 1 && upper == letters ? 1 : 0;
        f[2] = firstUpper && upper == 1 ? 1 : 0;
        f[3] = letters > 0 && upper > 0 && !(f[1] == 1 || f[2] == 1) ? 1 : 0;
        f[4] = digits > 0 && letters == 0 && isNumberLike(word) ? 1 : 0;
        f[5] = digits > 0 ? 1 : 0;
        f[6] = letters == 0 && digits == 0 && punctuation > 0 ? 1 : 0;
        f[7] = hyphen ? 1 : 0;
        f[8] = codePoints == 1 ? 1 : 0;
        return f;
    }

    private static boolean isNumberLike(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!(Character.isDigit(c) || c == ',' || c == '.' || c == '-' || c == '/' || c == ':')) {
                return false;
            }
        }
        return true;
    }
}
