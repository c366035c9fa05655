package com.seqtag.training;

import com.seqtag.data.LabeledSentence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Case augmentation: each epoch adds re-cased copies (upper, lower or title case) of some training sentences. */
public final class CaseAugmentation {

    /** Mixed into the training seed, so these draws do not repeat the batch order's random sequence. */
    private static final long SEED_MIX = 0xC2B2AE3D27D4EB4FL;

    private final double fraction;
    private final Random random;

    /**
     * @param fraction share of the training sentences copied each epoch, in [0, 1]
     * @param seed     the training seed
     */
    public CaseAugmentation(double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("caseAugmentation must be in [0, 1], was " + fraction);
        }
        this.fraction = fraction;
        this.random = new Random(seed ^ SEED_MIX);
    }

    /** How many sentences an epoch over {@code trainSize} training sentences has, copies included. */
    public int epochSize(int trainSize) {
        return trainSize + copies(trainSize);
    }

    private int copies(int trainSize) {
        return (int) Math.round(fraction * trainSize);
    }

    /**
     * One epoch's sentences: all of {@code trainSet}, then re-cased copies of a fresh random
     * {@code fraction} of them (each sentence at most once, each copy in one random {@link Casing}).
     * With fraction 0 this is {@code trainSet} itself and no random numbers are drawn.
     */
    public List<LabeledSentence> epoch(List<LabeledSentence> trainSet) {
        int copies = copies(trainSet.size());
        if (copies == 0) {
            return trainSet;
        }
        int[] order = new int[trainSet.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<LabeledSentence> epoch = new ArrayList<>(trainSet.size() + copies);
        epoch.addAll(trainSet);
        Casing[] casings = Casing.values();
        for (int i = 0; i < copies; i++) {
            // A partial Fisher-Yates shuffle: the first `copies` entries are a uniform sample.
            int pick = i + random.nextInt(order.length - i);
            int chosen = order[pick];
            order[pick] = order[i];
            order[i] = chosen;
            epoch.add(recase(trainSet.get(chosen), casings[random.nextInt(casings.length)]));
        }
        return epoch;
    }

    /** The sentence with every word re-cased; the labels stay. */
    public static LabeledSentence recase(LabeledSentence sentence, Casing casing) {
        List<String> words = new ArrayList<>(sentence.length());
        for (String word : sentence.words()) {
            words.add(casing.apply(word));
        }
        return new LabeledSentence(words, sentence.labels());
    }

    /** The ways a copy is re-cased. */
    public enum Casing {
        /** "NEW YORK", as in headlines. */
        UPPER,
        /** "new york". */
        LOWER,
        /** "New York": first letter upper (title) case, the rest lower. */
        TITLE;

        /** The word in this casing. */
        public String apply(String word) {
            return switch (this) {
                case UPPER -> word.toUpperCase(Locale.ROOT);
                case LOWER -> word.toLowerCase(Locale.ROOT);
                case TITLE -> {
                    if (word.isEmpty()) {
                        yield word;
                    }
                    int first = word.codePointAt(0);
                    int rest = Character.charCount(first);
                    yield new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                            .append(word.substring(rest).toLowerCase(Locale.ROOT)).toString();
                }
            };
        }
    }
}
