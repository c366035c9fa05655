package com.seqtag.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups sentences of similar length into minibatches, so padding (and the wasted computation on
 * padded time steps) stays small. The order of batches is shuffled; their contents are not.
 */
public final class LengthBuckets {

    private LengthBuckets() {
    }

    /** Returns minibatches of at most {@code batchSize} sentences of similar length, in random order. */
    public static <T> List<List<T>> batches(List<T> items, ToLength<T> length, int batchSize, Random random) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        List<T> sorted = new ArrayList<>(items);
        // Shuffle first so equal-length sentences land in different batches from epoch to epoch.
        Collections.shuffle(sorted, random);
        sorted.sort(Comparator.comparingInt(length::of));
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += batchSize) {
            batches.add(List.copyOf(sorted.subList(from, Math.min(sorted.size(), from + batchSize))));
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** The length of one item. */
    @FunctionalInterface
    public interface ToLength<T> {
        int of(T item);
    }
}
