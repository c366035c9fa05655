package com.seqtag.model;

import com.seqtag.data.EntitySpan;
import com.seqtag.decoding.ArgmaxDecoder;
import com.seqtag.decoding.ScoredEntity;
import com.seqtag.decoding.TaggedSentence;
import com.seqtag.decoding.TaggedToken;
import com.seqtag.data.IobCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.seqtag.support.TinyModels;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tagging with a trained network: padding invariance, batching, decoding. */
class TaggerTest {

    private static Tagger tagger;

    @BeforeAll
    static void train() {
        tagger = TinyModels.artifact().tagger(EmbeddingStore.withBundled());
    }

    @Test
    void paddingDoesNotChangeTheRealTokensProbabilities() {
        List<String> shortSentence = List.of("Tom", "Lund", "visited", "Oslo", ".");
        List<String> longSentence = List.of("Acme", "Corp", "hired", "Anna", "Berg", "in", "Paris", "on", "Friday",
                "after", "talks", ".");
        float[][] alone = tagger.probabilities(List.of(shortSentence))[0];
        // In a batch with a longer sentence the short one is padded and masked.
        float[][] padded = tagger.probabilities(List.of(longSentence, shortSentence))[1];

        assertThat(padded.length).isEqualTo(alone.length);
        for (int t = 0; t < alone.length; t++) {
            for (int l = 0; l < alone[t].length; l++) {
                assertThat(padded[t][l]).isCloseTo(alone[t][l], within(1e-5f));
            }
        }
    }

    @Test
    void probabilitiesSumToOnePerToken() {
        float[][] probabilities = tagger.probabilities(List.of(List.of("Anna", "Berg", "visited", "Oslo", ".")))[0];
        for (float[] token : probabilities) {
            double sum = 0;
            for (float p : token) {
                sum += p;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void tagAllAnswersInInputOrderWhateverTheLengths() {
        List<List<String>> sentences = List.of(
                List.of("Talks", "in", "Paris", "ended", "on", "Friday", "."),
                List.of("Oslo"),
                List.of("Anna", "Berg", "visited", "Oslo", "."));
        List<TaggedSentence> batch = tagger.tagAll(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            TaggedSentence alone = tagger.tag(sentences.get(i));
            assertThat(batch.get(i).tokens()).extracting(TaggedToken::word).isEqualTo(sentences.get(i));
            assertThat(batch.get(i).tokens()).extracting(TaggedToken::label)
                    .isEqualTo(alone.tokens().stream().map(TaggedToken::label).toList());
            // Batching changes only the float summation order of the matrix products.
            for (int t = 0; t < alone.tokens().size(); t++) {
                assertThat(batch.get(i).tokens().get(t).score()).isCloseTo(alone.tokens().get(t).score(), within(1e-5));
            }
        }
    }

    @Test
    void viterbiNeverEmitsAnInvalidSequence() {
        TaggedSentence tagged = tagger.tag(List.of("of", "Berg", "the", "Oslo", "Corp", "in", "Lund", "Paris"));
        List<String> labels = tagged.tokens().stream().map(TaggedToken::label).toList();
        assertThat(IobCodec.isValid(labels)).isTrue();
    }

    @Test
    void entityScoreIsTheProbabilityOfTheWholeSpanEndingWhereItDoes() {
        List<String> words = List.of("Anna", "Berg", "visited", "Oslo", "Corp", ".");
        TaggedSentence tagged = tagger.tag(words);
        float[][] probabilities = tagger.probabilities(List.of(words))[0];
        assertThat(tagged.entities()).isNotEmpty();
        for (ScoredEntity entity : tagged.entities()) {
            EntitySpan span = entity.span();
            double expected = 1.0;
            for (int t = span.firstToken(); t < span.endToken(); t++) {
                expected *= tagged.tokens().get(t).score();
            }
            if (span.endToken() < words.size()) {
                expected *= 1.0 - probabilities[span.endToken()][tagger.labels().indexOf("I-" + span.type())];
            }
            assertThat(entity.score()).isCloseTo(expected, within(1e-6));
            double lowestToken = tagged.tokens().subList(span.firstToken(), span.endToken()).stream()
                    .mapToDouble(TaggedToken::score).min().orElseThrow();
            assertThat(entity.score()).isLessThanOrEqualTo(lowestToken);
        }
    }

    @Test
    void argmaxAndViterbiViewsShareTheNetwork() {
        List<String> words = List.of("Anna", "Berg", "visited", "Oslo", ".");
        Tagger argmax = tagger.withDecoding(ModelConfig.Decoding.ARGMAX);
        float[][] probabilities = tagger.probabilities(List.of(words))[0];
        List<String> labels = argmax.tag(words).tokens().stream().map(TaggedToken::label).toList();
        for (int t = 0; t < words.size(); t++) {
            assertThat(labels.get(t)).isEqualTo(tagger.labels().get(ArgmaxDecoder.argmax(probabilities)[t]));
        }
    }

    @Test
    void wordsOutsideTheVocabularyAreMarkedUnknown() {
        TaggedSentence tagged = tagger.tag(List.of("Anna", "Qwzxv"));
        assertThat(tagged.tokens().get(1).unknown()).isTrue();
    }
}
