package com.seqtag.model.lean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.seqtag.data.LabeledSentence;
import com.seqtag.decoding.TaggedSentence;
import com.seqtag.decoding.TaggedToken;
import com.seqtag.model.InputEncoder;
import com.seqtag.model.ModelConfig;
import com.seqtag.model.ModelConfig.CellType;
import com.seqtag.model.ModelConfig.Direction;
import com.seqtag.model.NetworkFactory;
import com.seqtag.model.Optimization;
import com.seqtag.model.PretrainedEmbeddings;
import com.seqtag.model.Tagger;
import com.seqtag.support.TinyModels;
import com.seqtag.text.CharacterVocabulary;
import com.seqtag.text.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lean path answers what the DL4J network answers: for networks {@link NetworkFactory} builds
 * in several configurations, with random weights (every parameter, CRF transitions included, so
 * nothing hides behind a zero initialisation), on one batch of sentences of many lengths.
 */
class LeanNetworkTest {

    private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG");

    static Stream<Arguments> configurations() {
        return Stream.of(
                // name, direction, layers, chars, crf, pretrained vectors, fine-tuned, one-hot words
                Arguments.of("bundled shape: concat, chars, CRF", Direction.BIDIRECTIONAL_CONCAT, 1, true, true, true, false, 0),
                Arguments.of("concat, 2 layers, softmax", Direction.BIDIRECTIONAL_CONCAT, 2, true, false, true, false, 0),
                Arguments.of("add, 1 layer, no chars, softmax", Direction.BIDIRECTIONAL_ADD, 1, false, false, false, false, 0),
                Arguments.of("add, 2 layers, chars, CRF", Direction.BIDIRECTIONAL_ADD, 2, true, true, true, false, 0),
                Arguments.of("forward, 1 layer, chars, softmax", Direction.FORWARD, 1, true, false, false, false, 0),
                Arguments.of("forward, 3 layers, CRF", Direction.FORWARD, 3, false, true, true, false, 0),
                Arguments.of("fine-tuned vectors, CRF", Direction.BIDIRECTIONAL_CONCAT, 1, true, true, true, true, 0),
                Arguments.of("one-hot words, softmax", Direction.BIDIRECTIONAL_CONCAT, 1, false, false, false, false, 12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void leanProbabilitiesAndLabelsEqualTheDl4jNetworks(String name, Direction direction, int layers, boolean chars,
                                                        boolean crf, boolean pretrained, boolean fineTuned, int oneHot) {
        ModelConfig config = new ModelConfig(CellType.LSTM, direction, layers, 12, 0.5, pretrained, fineTuned,
                oneHot > 0 ? 0 : 10, oneHot, 1, true, chars ? 6 : 0, chars ? 9 : 0, ModelConfig.Decoding.VITERBI, crf);
        Tagger lean = tagger(config);
        Tagger dl4j = lean.withoutLeanPath();
        assertThat(lean.usesLeanPath()).as("lean path for " + name).isTrue();

        List<List<String>> batch = sentences();
        float[][][] actual = lean.probabilities(batch);
        List<TaggedSentence> leanTags = lean.tagAll(batch);
        // The reference is DL4J on each sentence alone: unpadded, so no mask is involved.
        for (int s = 0; s < batch.size(); s++) {
            List<String> sentence = batch.get(s);
            assertClose(new float[][][] {actual[s]}, dl4j.probabilities(List.of(sentence)), 1e-5f);
            assertThat(labels(leanTags.get(s))).as("labels of sentence " + s).isEqualTo(labels(dl4j.tag(sentence)));
        }
        // DL4J's padded batch agrees too (dl4jPaddingLeavesCrfWithCharacterCnnUnchanged below).
        assertClose(actual, dl4j.probabilities(batch), 1e-5f);
    }

    @Test
    void aTrainedModelTagsTheSameOnBothPaths() {
        Tagger lean = TinyModels.artifact().tagger(com.seqtag.model.EmbeddingStore.withBundled());
        Tagger dl4j = lean.withoutLeanPath();
        assertThat(lean.usesLeanPath()).isTrue();
        List<List<String>> batch = sentences();
        batch.add(List.of("Anna", "Berg", "visited", "Oslo", "Corp", "."));
        assertClose(lean.probabilities(batch), dl4j.probabilities(batch), 1e-5f);
        List<TaggedSentence> leanTags = lean.tagAll(batch);
        List<TaggedSentence> dl4jTags = dl4j.tagAll(batch);
        for (int s = 0; s < batch.size(); s++) {
            assertThat(labels(leanTags.get(s))).as("labels of sentence " + s).isEqualTo(labels(dl4jTags.get(s)));
            assertThat(leanTags.get(s).entities()).hasSameSizeAs(dl4jTags.get(s).entities());
        }
    }

    @Test
    void theConstructorsTaggerFollowsWeightsThatChange() {
        // Training validates every epoch with one tagger while the weights change under it, so
        // only taggers made by Tagger.frozen copy the weights for the lean path.
        ModelConfig config = new ModelConfig(CellType.LSTM, Direction.BIDIRECTIONAL_CONCAT, 1, 12, 0.0, false, false,
                10, 0, 1, true, 6, 9, ModelConfig.Decoding.VITERBI, true);
        Tagger frozen = tagger(config);
        List<String> sentence = List.of("Tom", "Lund", "visited", "Paris", ".");
        InputEncoder encoder = encoder(config);
        ComputationGraph network = network(config, encoder);
        Tagger live = new Tagger(network, encoder, LABELS, config.decoding());
        assertThat(live.usesLeanPath()).isFalse();
        float[][] before = live.probabilities(List.of(sentence))[0];
        assertClose(frozen.probabilities(List.of(sentence)), new float[][][] {before}, 1e-5f);

        network.params().muli(1.5);
        assertThat(diff(live.probabilities(List.of(sentence))[0], before)).isGreaterThan(1e-4f);
        assertClose(frozen.probabilities(List.of(sentence)), new float[][][] {before}, 1e-5f);
    }

    @Test
    void dl4jPaddingLeavesCrfWithCharacterCnnUnchanged() {
        // Regression: the character CNN's branch carries no mask, so the merge dropped the token mask
        // before the CRF, whose chains then ran over padding (probabilities moved by up to 0.07).
        // Tagger now hands the mask to the output layer itself.
        Tagger dl4j = tagger(new ModelConfig(CellType.LSTM, Direction.BIDIRECTIONAL_CONCAT, 1, 12, 0.0, false, false,
                10, 0, 1, true, 6, 9, ModelConfig.Decoding.VITERBI, true)).withoutLeanPath();
        List<String> shortSentence = List.of("Tom", "Lund", "visited", "Paris", ".");
        List<String> longSentence = List.of("Anna", "Berg", "met", "Tom", "Lund", "in", "Oslo", "on", "Friday", ".");
        float[][] alone = dl4j.probabilities(List.of(shortSentence))[0];
        float[][] padded = dl4j.probabilities(List.of(longSentence, shortSentence))[1];
        assertThat(diff(padded, alone)).isLessThan(1e-5f);
    }

    @Test
    void paddingAndBatchCompositionDoNotChangeASentencesProbabilities() {
        Tagger lean = tagger(new ModelConfig(CellType.LSTM, Direction.BIDIRECTIONAL_CONCAT, 2, 12, 0.0, true, false,
                10, 0, 1, true, 6, 9, ModelConfig.Decoding.VITERBI, true));
        List<List<String>> batch = sentences();
        float[][][] together = lean.probabilities(batch);
        List<List<String>> reversed = new ArrayList<>(batch);
        java.util.Collections.reverse(reversed);
        float[][][] reversedTogether = lean.probabilities(reversed);
        for (int s = 0; s < batch.size(); s++) {
            float[][] alone = lean.probabilities(List.of(batch.get(s)))[0];
            assertClose(new float[][][] {together[s]}, new float[][][] {alone}, 1e-6f);
            assertClose(new float[][][] {reversedTogether[batch.size() - 1 - s]}, new float[][][] {alone}, 1e-6f);
        }
    }

    @Test
    void concurrentCallersGetTheSameAnswers() throws Exception {
        Tagger lean = tagger(new ModelConfig(CellType.LSTM, Direction.BIDIRECTIONAL_CONCAT, 1, 12, 0.0, true, false,
                10, 0, 1, true, 6, 9, ModelConfig.Decoding.VITERBI, true));
        List<List<String>> batch = sentences();
        float[][][] expected = lean.probabilities(batch);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][][]>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> lean.probabilities(batch)));
            }
            for (Future<float[][][]> answer : answers) {
                assertClose(answer.get(), expected, 0f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cellsTheLeanPathDoesNotComputeFallBackToDl4j() {
        for (CellType cell : List.of(CellType.GRU, CellType.PEEPHOLE_LSTM, CellType.RNN)) {
            Tagger tagger = tagger(new ModelConfig(cell, Direction.BIDIRECTIONAL_CONCAT, 1, 8, 0.0, false, false,
                    10, 0, 1, true, 0, 0, ModelConfig.Decoding.ARGMAX, false));
            assertThat(tagger.usesLeanPath()).as(cell.name()).isFalse();
            assertThat(tagger.tag(List.of("Anna", "visited", "Oslo"))).isNotNull();
        }
    }

    /** A tagger over a freshly built network whose every parameter is random. */
    private static Tagger tagger(ModelConfig config) {
        InputEncoder encoder = encoder(config);
        return Tagger.frozen(network(config, encoder), encoder, LABELS, config.decoding());
    }

    private static InputEncoder encoder(ModelConfig config) {
        List<String> words = TinyModels.fixture("tiny-train.conll").stream()
                .map(LabeledSentence::words).flatMap(List::stream).toList();
        return new InputEncoder(config, config.pretrainedVectors() ? vectors(words) : null,
                Vocabulary.build(words, 1), CharacterVocabulary.build(words, 2));
    }

    /** The network, with every parameter random (the same for the same configuration). */
    private static ComputationGraph network(ModelConfig config, InputEncoder encoder) {
        ComputationGraph network = NetworkFactory.build(config, encoder, LABELS.size(),
                new Optimization(0.01, 1.0, Optimization.GradientClipping.NONE, 0, 0, 42));
        Nd4j.getRandom().setSeed(7);
        network.params().assign(Nd4j.rand(DataType.FLOAT, network.params().shape()).subi(0.5).muli(0.8));
        return network;
    }

    /** Random 8-d "pretrained" vectors for every other word, so both kinds of token occur. */
    private static PretrainedEmbeddings vectors(List<String> words) {
        Random random = new Random(3);
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < words.size(); i += 2) {
            float[] vector = new float[8];
            for (int d = 0; d < vector.length; d++) {
                vector[d] = (float) random.nextGaussian();
            }
            vectors.put(Vocabulary.normalize(words.get(i)), vector);
        }
        return PretrainedEmbeddings.of("test", "none", vectors);
    }

    /** Sentences of lengths 1 to 30 in no particular order, with unknown words and words longer than the character slots. */
    private static List<List<String>> sentences() {
        List<List<String>> sentences = new ArrayList<>();
        sentences.add(List.of("Oslo"));
        for (LabeledSentence sentence : TinyModels.fixture("tiny-valid.conll")) {
            sentences.add(sentence.words());
        }
        List<String> longOne = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            longOne.add(i % 7 == 3 ? "Supercalifragilisticexpialidocious" : i % 5 == 1 ? "Qwzxv" : "Anna");
        }
        sentences.add(3, longOne);
        sentences.add(List.of("Tom", "Lund", "visited", "Paris", "."));
        return sentences;
    }

    private static float diff(float[][] a, float[][] b) {
        float max = 0;
        for (int t = 0; t < a.length; t++) {
            for (int l = 0; l < a[t].length; l++) {
                max = Math.max(max, Math.abs(a[t][l] - b[t][l]));
            }
        }
        return max;
    }

    private static List<String> labels(TaggedSentence sentence) {
        return sentence.tokens().stream().map(TaggedToken::label).toList();
    }

    private static void assertClose(float[][][] actual, float[][][] expected, float tolerance) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int s = 0; s < expected.length; s++) {
            assertThat(actual[s].length).as("length of sentence " + s).isEqualTo(expected[s].length);
            for (int t = 0; t < expected[s].length; t++) {
                for (int l = 0; l < expected[s][t].length; l++) {
                    assertThat(actual[s][t][l]).as("sentence %d token %d label %d", s, t, l)
                            .isCloseTo(expected[s][t][l], within(tolerance));
                }
            }
        }
    }
}
