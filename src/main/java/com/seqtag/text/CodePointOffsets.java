package com.seqtag.text;

import java.util.Arrays;
import java.util.Objects;

/**
 * Converts UTF-16 offsets into one text (Java and JavaScript string indices) into code point
 * offsets (Python string indices). They differ by one for every character outside the Basic
 * Multilingual Plane (most emoji, many CJK extension ideographs) before the offset.
 */
public final class CodePointOffsets {

    /** UTF-16 index of the low surrogate of every surrogate pair, ascending. */
    private final int[] pairEnds;

    private CodePointOffsets(int[] pairEnds) {
        this.pairEnds = pairEnds;
    }

    /** The converter for {@code text}. */
    public static CodePointOffsets of(String text) {
        Objects.requireNonNull(text, "text");
        int[] ends = new int[0];
        int count = 0;
        for (int i = 0; i + 1 < text.length(); i++) {
            // A lone surrogate is one code point in Java and in Python alike; only pairs shrink.
            if (Character.isHighSurrogate(text.charAt(i)) && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (count == ends.length) {
                    ends = Arrays.copyOf(ends, Math.max(8, count * 2));
                }
                ends[count++] = i + 1;
                i++;
            }
        }
        return new CodePointOffsets(Arrays.copyOf(ends, count));
    }

    /**
     * The code point offset of UTF-16 offset {@code utf16}: the number of code points before it.
     * Token offsets never fall inside a surrogate pair, so no information is lost.
     */
    public int toCodePoints(int utf16) {
        if (pairEnds.length == 0) {
            return utf16;
        }
        int found = Arrays.binarySearch(pairEnds, utf16);
        // Pairs whose low surrogate lies before the offset each count one code point too many.
        int pairsBefore = found >= 0 ? found : -found - 1;
        return utf16 - pairsBefore;
    }
}
