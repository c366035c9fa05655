package com.seqtag.model.lean;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Where each sentence of a batch sits among the batch's token rows, and the sentences in order of
 * decreasing length: at every time step the sentences still running are then a prefix of that
 * order, so a step multiplies one contiguous block of rows and padding costs nothing.
 */
final class Batch {

    private final int[] start;
    private final int[] length;
    private final int[] longestFirst;
    private final int tokens;

    Batch(int[] lengths) {
        this.length = lengths.clone();
        this.start = new int[lengths.length];
        int row = 0;
        for (int s = 0; s < lengths.length; s++) {
            start[s] = row;
            row += lengths[s];
        }
        this.tokens = row;
        Integer[] order = new Integer[lengths.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer s) -> lengths[s]).reversed());
        this.longestFirst = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    int sentences() {
        return length.length;
    }

    int tokens() {
        return tokens;
    }

    /** The token row of sentence {@code s}'s first token. */
    int start(int s) {
        return start[s];
    }

    int length(int s) {
        return length[s];
    }

    /** The sentence at position {@code position} when sorted longest first. */
    int longestFirst(int position) {
        return longestFirst[position];
    }

    int maxLength() {
        return length.length == 0 ? 0 : length[longestFirst[0]];
    }
}
