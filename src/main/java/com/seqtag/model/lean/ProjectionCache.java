package com.seqtag.model.lean;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first recurrent layer's input projection (every gate's input part, bias included) per
 * spelling. A token's input to the network (pretrained vector, casing, word embedding, character
 * features) depends on its spelling alone, so its projection does too: a cached spelling skips
 * the vector lookup, the character CNN and a fifth of the arithmetic of a token. The first
 * spellings seen are kept, up to a memory budget; news text repeats its frequent words from the
 * first requests on, so they fill it. Thread-safe; entries never change once stored.
 */
final class ProjectionCache {

    /** One spelling's projection and whether its word was unknown to the model. */
    record Entry(float[] projection, boolean unknown) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    /** @param capacity most spellings kept */
    ProjectionCache(int capacity) {
        this.capacity = capacity;
    }

    /** A cache holding at most {@code bytes} of projections of {@code width} floats each. */
    static ProjectionCache withBudget(long bytes, int width) {
        return new ProjectionCache((int) Math.max(0, Math.min(Integer.MAX_VALUE, bytes / (4L * width + 96))));
    }

    Entry get(String spelling) {
        return entries.get(spelling);
    }

    /** Keeps the entry unless the cache is full. */
    void offer(String spelling, Entry entry) {
        if (size.get() < capacity && entries.putIfAbsent(spelling, entry) == null) {
            size.incrementAndGet();
        }
    }

    int size() {
        return size.get();
    }

    int capacity() {
        return capacity;
    }
}
