package com.seqtag.text;

/**
 * One token of a text with its position: {@code text.substring(start, end)} of the source equals
 * {@link #text()}. Offsets count UTF-16 code units (Java {@code String} indices).
 */
public record Token(String text, int start, int end) {

    public Token {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("token text must not be empty");
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid offsets " + start + ".." + end);
        }
    }
}
