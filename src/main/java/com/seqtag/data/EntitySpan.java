package com.seqtag.data;

/**
 * An entity found in a labelled sentence: its type (e.g. {@code PER}) and the token range
 * {@code [firstToken, endToken)} it covers.
 */
public record EntitySpan(String type, int firstToken, int endToken) {

    public EntitySpan {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("entity type must not be empty");
        }
        if (firstToken < 0 || endToken <= firstToken) {
            throw new IllegalArgumentException("invalid token range " + firstToken + ".." + endToken);
        }
    }

    /** Number of tokens the entity covers. */
    public int length() {
        return endToken - firstToken;
    }
}
