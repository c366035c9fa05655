package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.InputEncoder;
import com.seqtag.model.ModelConfig;
import com.seqtag.support.TinyModels;
import com.seqtag.text.CharacterVocabulary;
import com.seqtag.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Word dropout: which words it drops, how often, and what a dropped word still brings to the network. */
class WordDropoutTest {

    /** 500 sentences "the <unique name> met the <unique name> ." : 1,000 singletons among frequent words. */
    private static List<LabeledSentence> manySingletons() {
        List<LabeledSentence> sentences = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sentences.add(sentence("the Name" + letters(2 * i) + " met the Name" + letters(2 * i + 1) + " .",
                    "O B-PER O O B-PER O"));
        }
        return sentences;
    }

    /** A digit-free spelling of n, so that the vocabulary form keeps the names apart. */
    private static String letters(int n) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return s.toString();
    }

    private static LabeledSentence sentence(String words, String labels) {
        return new LabeledSentence(List.of(words.split(" ")), List.of(labels.split(" ")));
    }

    private static List<List<String>> words(List<LabeledSentence> sentences) {
        return sentences.stream().map(LabeledSentence::words).toList();
    }

    @Test
    void singletonsAreCountedInTheVocabularyForm() {
        List<LabeledSentence> train = List.of(sentence("Oslo and OSLO in 1996 and 2001 , Bergen", "B-LOC O B-LOC O O O O O B-LOC"));
        WordDropout dropout = new WordDropout(train, 0.5, 1);

        assertThat(dropout.isSingleton("Bergen")).isTrue();
        assertThat(dropout.isSingleton("BERGEN")).as("same vocabulary form").isTrue();
        assertThat(dropout.isSingleton("Oslo")).as("Oslo and OSLO are one word seen twice").isFalse();
        assertThat(dropout.isSingleton("1996")).as("1996 and 2001 are both 0000").isFalse();
        assertThat(dropout.isSingleton("in")).isTrue();
        assertThat(dropout.isSingleton("and")).isFalse();
        assertThat(dropout.isSingleton("Trondheim")).as("not in the training data").isFalse();
    }

    @Test
    void dropsOnlySingletonsAndRoughlyWithTheGivenProbability() {
        List<LabeledSentence> train = manySingletons();
        for (double p : new double[] {0.1, 0.5, 0.9}) {
            WordDropout dropout = new WordDropout(train, p, 3);
            int singletonTokens = 0;
            int dropped = 0;
            for (int epoch = 0; epoch < 4; epoch++) {
                boolean[][] drawn = dropout.draw(words(train));
                assertThat(drawn).isNotNull();
                for (int s = 0; s < train.size(); s++) {
                    List<String> sentence = train.get(s).words();
                    assertThat(drawn[s]).hasSize(sentence.size());
                    for (int t = 0; t < sentence.size(); t++) {
                        boolean singleton = dropout.isSingleton(sentence.get(t));
                        if (!singleton) {
                            assertThat(drawn[s][t]).as("%s is not a singleton", sentence.get(t)).isFalse();
                        }
                        singletonTokens += singleton ? 1 : 0;
                        dropped += drawn[s][t] ? 1 : 0;
                    }
                }
            }
            assertThat(singletonTokens).isEqualTo(4 * 1000);
            // 4,000 draws: the standard deviation of the share is at most 0.008.
            assertThat((double) dropped / singletonTokens).as("share dropped at p = %s", p).isBetween(p - 0.04, p + 0.04);
        }
    }

    @Test
    void drawsAreRedrawnEachEpochAndReproducibleFromTheSeed() {
        List<List<String>> words = words(manySingletons());
        WordDropout first = new WordDropout(manySingletons(), 0.5, 11);
        WordDropout again = new WordDropout(manySingletons(), 0.5, 11);
        WordDropout otherSeed = new WordDropout(manySingletons(), 0.5, 12);

        boolean[][] epoch1 = first.draw(words);
        boolean[][] epoch2 = first.draw(words);
        assertThat(Arrays.deepEquals(epoch2, epoch1)).as("the second epoch draws anew").isFalse();
        assertThat(again.draw(words)).isDeepEqualTo(epoch1);
        assertThat(again.draw(words)).isDeepEqualTo(epoch2);
        assertThat(Arrays.deepEquals(otherSeed.draw(words), epoch1)).as("another seed draws otherwise").isFalse();
    }

    @Test
    void probabilityZeroDropsNothing() {
        WordDropout dropout = new WordDropout(manySingletons(), 0, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(dropout.draw(words(manySingletons()))).isNull();
        }
    }

    @Test
    void aDroppedWordLosesOnlyItsVocabularyInput() {
        List<LabeledSentence> train = TinyModels.fixture("tiny-train.conll");
        List<String> corpus = new ArrayList<>();
        train.forEach(sentence -> corpus.addAll(sentence.words()));
        ModelConfig config = TinyModels.CONFIG;
        InputEncoder encoder = new InputEncoder(config, null, Vocabulary.build(corpus, config.minWordCount()),
                CharacterVocabulary.build(corpus, 1));
        List<List<String>> batch = List.of(List.of("Anna", "Berg", "visited", "Oslo", "."), List.of("Acme", "Corp"));
        boolean[][] asUnknown = {{false, false, false, true, false}, {true, false}};

        try (InputEncoder.Encoded plain = encoder.encode(batch); InputEncoder.Encoded dropped = encoder.encode(batch, asUnknown);
             InputEncoder.Encoded none = encoder.encode(batch, null)) {
            int words = encoder.inputNames().indexOf(InputEncoder.WORD_INPUT);
            float[] plainWords = plain.inputs()[words].data().asFloat();
            float[] droppedWords = dropped.inputs()[words].data().asFloat();
            int steps = plain.timeSteps();
            assertThat(plainWords[3]).as("Oslo has its own entry").isPositive();
            assertThat(plainWords[steps]).as("Acme has its own entry").isPositive();
            float[] expected = plainWords.clone();
            expected[3] = 0;
            expected[steps] = 0;
            assertThat(droppedWords).containsExactly(expected);
            assertThat(dropped.unknown()[0][3]).isTrue();
            for (String input : List.of(InputEncoder.DENSE_INPUT, InputEncoder.CHAR_INPUT)) {
                int i = encoder.inputNames().indexOf(input);
                assertThat(dropped.inputs()[i].data().asFloat()).as(input).containsExactly(plain.inputs()[i].data().asFloat());
            }
            for (int i = 0; i < plain.inputs().length; i++) {
                assertThat(none.inputs()[i].data().asFloat()).containsExactly(plain.inputs()[i].data().asFloat());
            }
        }
    }

    @Test
    void invalidProbabilitiesAreRejectedByName() {
        for (double p : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("wordDropout", p, "minWordCount", 1)))
                    .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                    .hasMessageContaining("wordDropout must be in [0, 1)");
            assertThatThrownBy(() -> new WordDropout(List.of(), p, 1)).hasMessageContaining("wordDropout");
        }
    }

    @Test
    void aPlanWhoseSingletonsAreUnknownAnywayIsRejected() {
        assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("wordDropout", 0.5)))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("wordDropout needs minWordCount 1");
        assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(
                Map.of("wordDropout", 0.5, "minWordCount", 1, "wordEmbeddingSize", 0)))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("wordDropout needs a vocabulary input");
        assertThat(TrainingPlan.defaults().withOverrides(Map.of("wordDropout", 0.5, "minWordCount", 1))
                .training().wordDropout()).isEqualTo(0.5);
        // Off, it is compatible with everything.
        assertThat(TrainingPlan.defaults().withOverrides(Map.of("wordDropout", 0, "wordEmbeddingSize", 0))
                .training().wordDropout()).isZero();
    }

    @Test
    void singletonsAreWordsSeenOnce() {
        List<LabeledSentence> train = List.of(sentence("a b a", "O O O"), sentence("c B", "O O"));
        assertThat(WordDropout.singletons(train)).containsExactly("c");
    }
}
