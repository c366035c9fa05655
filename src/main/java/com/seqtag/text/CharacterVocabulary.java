package com.seqtag.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps characters (Unicode code points) to indices for the character-level word representation.
 * Index 0 pads words shorter than {@link #MAX_WORD_CHARS}, index 1 stands for any character not
 * seen often enough in training; real characters start at 2.
 */
public final class CharacterVocabulary {

    /** Character slots per word; longer words keep their first and last halves. */
    public static final int MAX_WORD_CHARS = 20;
    /** Index of padding slots. */
    public static final int PADDING = 0;
    /** Index of characters outside the vocabulary. */
    public static final int UNKNOWN = 1;

    private final List<String> characters;
    private final Map<Integer, Integer> indices;

    private CharacterVocabulary(List<String> characters) {
        this.characters = List.copyOf(characters);
        this.indices = new HashMap<>(characters.size() * 2);
        for (int i = 0; i < characters.size(); i++) {
            String character = characters.get(i);
            if (character.codePointCount(0, character.length()) != 1) {
                throw new IllegalArgumentException("not a single character: \"" + character + "\"");
            }
            if (indices.putIfAbsent(character.codePointAt(0), i + 2) != null) {
                throw new IllegalArgumentException("duplicate character: \"" + character + "\"");
            }
        }
    }

    /** The characters occurring at least {@code minCount} times in the words, most frequent first. */
    public static CharacterVocabulary build(Collection<String> words, int minCount) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String word : words) {
            word.codePoints().forEach(cp -> counts.merge(cp, 1, Integer::sum));
        }
        List<Integer> kept = new ArrayList<>();
        counts.forEach((cp, count) -> {
            if (count >= minCount) {
                kept.add(cp);
            }
        });
        kept.sort((a, b) -> {
            int byCount = Integer.compare(counts.get(b), counts.get(a));
            return byCount != 0 ? byCount : Integer.compare(a, b);
        });
        return new CharacterVocabulary(kept.stream().map(Character::toString).toList());
    }

    /** Restores a vocabulary from {@link #characters()}. */
    public static CharacterVocabulary of(List<String> characters) {
        return new CharacterVocabulary(characters);
    }

    /** The known characters in index order (index = position + 2). */
    public List<String> characters() {
        return characters;
    }

    /** Number of indices, padding and unknown included. */
    public int size() {
        return characters.size() + 2;
    }

    /**
     * Writes the word's character indices into {@code target[offset + i * stride]} for
     * {@code i < MAX_WORD_CHARS}, padding with 0. Words longer than the slots keep their first and
     * last halves, where prefixes and suffixes carry most of the signal.
     */
    public void encode(String word, float[] target, int offset, int stride) {
        int[] codePoints = word.codePoints().toArray();
        int length = Math.min(codePoints.length, MAX_WORD_CHARS);
        int head = codePoints.length <= MAX_WORD_CHARS ? length : MAX_WORD_CHARS / 2;
        for (int i = 0; i < MAX_WORD_CHARS; i++) {
            int index = PADDING;
            if (i < length) {
                int cp = i < head ? codePoints[i] : codePoints[codePoints.length - (length - i)];
                index = indices.getOrDefault(cp, UNKNOWN);
            }
            target[offset + i * stride] = index;
        }
    }
}
