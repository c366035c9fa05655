package com.seqtag.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps normalised words to dense indices for the learned embedding. Index 0 is {@link #UNK}, the
 * entry every word outside the vocabulary maps to; words are normalised (lower case, every ASCII
 * digit to {@code 0}) so that "1996" and "2001" or "Apple" and "APPLE" share an entry.
 */
public final class Vocabulary {

    /** The entry for unknown words; always at index 0. */
    public static final String UNK = "<unk>";

    private final List<String> words;
    private final Map<String, Integer> indices;

    private Vocabulary(List<String> words) {
        this.words = List.copyOf(words);
        Map<String, Integer> map = new HashMap<>(words.size() * 2);
        for (int i = 0; i < words.size(); i++) {
            if (map.putIfAbsent(words.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate vocabulary entry: " + words.get(i));
            }
        }
        this.indices = map;
    }

    /** Builds a vocabulary of the normalised words seen at least {@code minCount} times. */
    public static Vocabulary build(Collection<String> corpusWords, int minCount) {
        Map<String, Integer> counts = counts(corpusWords);
        List<String> kept = new ArrayList<>();
        counts.forEach((word, count) -> {
            if (count >= minCount && !word.equals(UNK)) {
                kept.add(word);
            }
        });
        // Most frequent first, ties alphabetically: a stable order makes artifacts reproducible.
        kept.sort((a, b) -> {
            int byCount = Integer.compare(counts.get(b), counts.get(a));
            return byCount != 0 ? byCount : a.compareTo(b);
        });
        List<String> entries = new ArrayList<>(kept.size() + 1);
        entries.add(UNK);
        entries.addAll(kept);
        return new Vocabulary(entries);
    }

    /** How often each word occurs, counted in {@link #normalize} form (the form words are looked up by). */
    public static Map<String, Integer> counts(Collection<String> corpusWords) {
        Map<String, Integer> counts = new HashMap<>();
        for (String word : corpusWords) {
            counts.merge(normalize(word), 1, Integer::sum);
        }
        return counts;
    }

    /** Restores a vocabulary from its saved entries (as returned by {@link #entries()}). */
    public static Vocabulary of(List<String> entries) {
        if (entries.isEmpty() || !entries.get(0).equals(UNK)) {
            throw new IllegalArgumentException("a vocabulary must start with " + UNK);
        }
        return new Vocabulary(entries);
    }

    /** The normal form words are looked up by: lower case, ASCII digits replaced by 0. */
    public static String normalize(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        StringBuilder normal = null;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c >= '0' && c <= '9' && c != '0') {
                if (normal == null) {
                    normal = new StringBuilder(lower);
                }
                normal.setCharAt(i, '0');
            }
        }
        return normal == null ? lower : normal.toString();
    }

    /** Index of the word, or 0 ({@link #UNK}) when it is not in the vocabulary. */
    public int indexOf(String word) {
        return indices.getOrDefault(normalize(word), 0);
    }

    /** Whether the word maps to {@link #UNK}. */
    public boolean isUnknown(String word) {
        return indexOf(word) == 0;
    }

    /** Number of entries, {@link #UNK} included. */
    public int size() {
        return words.size();
    }

    /** All entries in index order, {@link #UNK} first. */
    public List<String> entries() {
        return Collections.unmodifiableList(words);
    }
}
