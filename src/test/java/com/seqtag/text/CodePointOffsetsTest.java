package com.seqtag.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** UTF-16 offsets to code point offsets, checked against Java's own code point counting. */
class CodePointOffsetsTest {

    @Test
    void textWithinTheBasicPlaneKeepsItsOffsets() {
        String text = "Zoë met Ægir in Tromsø — ok.";
        CodePointOffsets offsets = CodePointOffsets.of(text);
        for (int i = 0; i <= text.length(); i++) {
            assertThat(offsets.toCodePoints(i)).isEqualTo(i);
        }
    }

    @Test
    void everyCharacterOutsideTheBasicPlaneBeforeAnOffsetCountsOnce() {
        // A face, a family built with zero-width joiners, a flag and a CJK extension B ideograph.
        String text = "\uD83D\uDE00 Anna \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 in \uD83C\uDDF3\uD83C\uDDF4 \uD840\uDC0B Oslo";
        CodePointOffsets offsets = CodePointOffsets.of(text);
        for (int i = 0; i <= text.length(); i++) {
            if (i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i))
                    && Character.isHighSurrogate(text.charAt(i - 1))) {
                continue; // inside a pair: no token boundary can be there
            }
            assertThat(offsets.toCodePoints(i)).as("offset %d", i).isEqualTo(text.codePointCount(0, i));
        }
        int oslo = text.indexOf("Oslo");
        assertThat(text.codePoints().skip(offsets.toCodePoints(oslo)).limit(4)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
                .isEqualTo("Oslo");
    }

    @Test
    void loneSurrogatesAreOneCodePointEach() {
        String text = "\uD83D a \uDE00 b";
        CodePointOffsets offsets = CodePointOffsets.of(text);
        assertThat(offsets.toCodePoints(text.length())).isEqualTo(text.length());
        assertThat(text.codePointCount(0, text.length())).isEqualTo(text.length());
    }

    @Test
    void manyPairsStayExact() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("\uD83D\uDE80x ");
        }
        CodePointOffsets offsets = CodePointOffsets.of(text.toString());
        assertThat(offsets.toCodePoints(text.length())).isEqualTo(3000);
        assertThat(offsets.toCodePoints(text.lastIndexOf("x"))).isEqualTo(2998);
    }
}
