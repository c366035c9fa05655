package com.seqtag.training;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.ModelConfig;
import com.seqtag.text.Vocabulary;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Word dropout (Lample et al. 2016): training singletons enter the vocabulary inputs as UNK with a probability. */
public final class WordDropout {

    /** Mixed into the training seed, so these draws do not repeat the batch order's random sequence. */
    private static final long SEED_MIX = 0x9E3779B97F4A7C15L;

    private final Set<String> singletons;
    private final double probability;
    private final Random random;

    /**
     * @param trainSet    the training sentences, whose singletons may be dropped
     * @param probability chance that one occurrence of a singleton is dropped, in [0, 1)
     * @param seed        the training seed
     */
    public WordDropout(List<LabeledSentence> trainSet, double probability, long seed) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("wordDropout must be in [0, 1), was " + probability);
        }
        this.singletons = singletons(trainSet);
        this.probability = probability;
        this.random = new Random(seed ^ SEED_MIX);
    }

    /**
     * The words seen exactly once in the sentences, in {@link Vocabulary#normalize} form: the form
     * the learned vocabulary counts, so "Oslo" and "OSLO" are one word seen twice.
     */
    static Set<String> singletons(List<LabeledSentence> sentences) {
        Map<String, Integer> counts = Vocabulary.counts(sentences.stream()
                .flatMap(sentence -> sentence.words().stream()).toList());
        Set<String> once = new HashSet<>();
        counts.forEach((word, count) -> {
            if (count == 1) {
                once.add(word);
            }
        });
        return once;
    }

    /** Whether the word was seen only once in the training sentences. */
    public boolean isSingleton(String word) {
        return singletons.contains(Vocabulary.normalize(word));
    }

    /**
     * Draws, for this pass over a batch, which tokens enter as UNK: per sentence and token, true for
     * a dropped singleton occurrence. Answers null when nothing is dropped. Only singleton tokens
     * consume random numbers, and with probability 0 none are consumed.
     */
    public boolean[][] draw(List<List<String>> sentences) {
        if (probability == 0) {
            return null;
        }
        boolean[][] dropped = null;
        for (int s = 0; s < sentences.size(); s++) {
            List<String> sentence = sentences.get(s);
            for (int t = 0; t < sentence.size(); t++) {
                if (isSingleton(sentence.get(t)) && random.nextDouble() < probability) {
                    if (dropped == null) {
                        dropped = new boolean[sentences.size()][];
                        for (int i = 0; i < sentences.size(); i++) {
                            dropped[i] = new boolean[sentences.get(i).size()];
                        }
                    }
                    dropped[s][t] = true;
                }
            }
        }
        return dropped;
    }

    /**
     * Rejects word dropout where it cannot do anything: with {@code minWordCount} above 1 every
     * singleton shares UNK already, and a model without vocabulary inputs has no UNK to drop to.
     *
     * @throws IllegalArgumentException naming {@code wordDropout} and the setting in the way
     */
    public static void checkApplies(double probability, ModelConfig config) {
        if (probability == 0) {
            return;
        }
        if (config.minWordCount() > 1) {
            throw new IllegalArgumentException("wordDropout needs minWordCount 1: with minWordCount "
                    + config.minWordCount() + " every training singleton is UNK already");
        }
        if (config.wordEmbeddingSize() == 0 && config.oneHotWords() == 0 && !config.fineTunePretrained()) {
            throw new IllegalArgumentException("wordDropout needs a vocabulary input (wordEmbeddingSize, "
                    + "oneHotWords or fineTunePretrained) to drop words from");
        }
    }
}
