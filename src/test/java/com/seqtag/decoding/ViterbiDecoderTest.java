package com.seqtag.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import com.seqtag.data.IobCodec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ViterbiDecoderTest {

    private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");

    /** Deliberately odd: I- listed before its B-, and an I- type that has no B- at all. */
    private static final List<String> ODD_LABELS = List.of("I-ORG", "O", "B-ORG", "I-MISC");

    @Test
    void turnsAStrayInsideIntoABeginWhenThatScoresHigher() {
        List<String> labels = List.of("O", "B-PER", "I-PER");
        float[][] probabilities = {
                {0.6f, 0.3f, 0.1f},
                {0.2f, 0.1f, 0.7f},
        };
        assertThat(labelsOf(labels, ArgmaxDecoder.argmax(probabilities))).containsExactly("O", "I-PER");

        // B-PER I-PER scores 0.3 * 0.7 = 0.21, beating O O at 0.6 * 0.2 = 0.12.
        assertThat(labelsOf(labels, new ViterbiDecoder(labels).decode(probabilities)))
                .containsExactly("B-PER", "I-PER");
    }

    @Test
    void dropsAStrayInsideToOutsideWhenThatScoresHigher() {
        List<String> labels = List.of("O", "B-PER", "I-PER");
        float[][] probabilities = {
                {0.90f, 0.05f, 0.05f},
                {0.40f, 0.05f, 0.55f},
        };
        assertThat(labelsOf(labels, ArgmaxDecoder.argmax(probabilities))).containsExactly("O", "I-PER");

        // O O scores 0.9 * 0.4 = 0.36, beating B-PER I-PER at 0.05 * 0.55 = 0.0275.
        assertThat(labelsOf(labels, new ViterbiDecoder(labels).decode(probabilities)))
                .containsExactly("O", "O");
    }

    @Test
    void matchesExhaustiveSearchOnRandomInputs() {
        Random random = new Random(20240611L);
        for (List<String> labels : List.of(LABELS, ODD_LABELS)) {
            ViterbiDecoder decoder = new ViterbiDecoder(labels);
            for (int trial = 0; trial < 300; trial++) {
                float[][] probabilities = randomProbabilities(random, 1 + random.nextInt(5), labels.size());

                int[] decoded = decoder.decode(probabilities);

                assertThat(decoded).hasSize(probabilities.length);
                assertThat(IobCodec.isValid(labelsOf(labels, decoded))).isTrue();
                assertThat(score(probabilities, decoded))
                        .isCloseTo(bestValidScore(labels, probabilities), within(1e-9));
            }
        }
    }

    @Test
    void equalsArgmaxWhenArgmaxIsAlreadyValid() {
        Random random = new Random(7L);
        ViterbiDecoder decoder = new ViterbiDecoder(LABELS);
        int validArgmaxSeen = 0;
        for (int trial = 0; trial < 500; trial++) {
            float[][] probabilities = randomProbabilities(random, 1 + random.nextInt(8), LABELS.size());
            if (trial % 2 == 0) {
                // Random matrices rarely have a valid argmax over many tokens; plant one.
                boostAlong(probabilities, randomValidPath(random, probabilities.length));
            }
            int[] argmax = ArgmaxDecoder.argmax(probabilities);
            if (IobCodec.isValid(labelsOf(LABELS, argmax))) {
                validArgmaxSeen++;
                assertThat(decoder.decode(probabilities)).containsExactly(argmax);
            }
        }
        assertThat(validArgmaxSeen).isGreaterThanOrEqualTo(250);
    }

    @Test
    void staysValidWhenEveryProbabilityIsTinyOrFavoursInsideLabels() {
        ViterbiDecoder decoder = new ViterbiDecoder(LABELS);

        float[][] zeros = new float[6][LABELS.size()];
        assertThat(IobCodec.isValid(labelsOf(LABELS, decoder.decode(zeros)))).isTrue();

        float[][] insideOnly = new float[4][LABELS.size()];
        for (float[] row : insideOnly) {
            row[2] = 1f;
        }
        assertThat(labelsOf(LABELS, decoder.decode(insideOnly)))
                .containsExactly("B-PER", "I-PER", "I-PER", "I-PER");

        float[][] notANumber = new float[3][LABELS.size()];
        for (float[] row : notANumber) {
            Arrays.fill(row, Float.NaN);
        }
        assertThat(IobCodec.isValid(labelsOf(LABELS, decoder.decode(notANumber)))).isTrue();
    }

    @Test
    void decodesAnEmptySentence() {
        assertThat(new ViterbiDecoder(LABELS).decode(new float[0][])).isEmpty();
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> new ViterbiDecoder(LABELS).decode(new float[][] {{1f, 0f}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsLabelSetsThatCannotStartASentence() {
        assertThatThrownBy(() -> new ViterbiDecoder(List.of("I-PER")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ViterbiDecoder(List.of("O", "X-PER")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-PER");
    }

    @Test
    void argmaxPicksTheMostProbableLabelPerToken() {
        float[][] probabilities = {{0.1f, 0.7f, 0.2f}, {0.5f, 0.2f, 0.3f}, {0.4f, 0.4f, 0.2f}};
        assertThat(ArgmaxDecoder.argmax(probabilities)).containsExactly(1, 0, 0);
    }

    private static float[][] randomProbabilities(Random random, int tokens, int labels) {
        float[][] probabilities = new float[tokens][labels];
        for (float[] row : probabilities) {
            double sum = 0;
            for (int label = 0; label < labels; label++) {
                // Spread over many orders of magnitude, including values below the 1e-12 floor.
                row[label] = (float) Math.pow(10, -15 * random.nextDouble());
                sum += row[label];
            }
            for (int label = 0; label < labels; label++) {
                row[label] /= (float) sum;
            }
        }
        return probabilities;
    }

    private static int[] randomValidPath(Random random, int tokens) {
        int[] path = new int[tokens];
        do {
            for (int t = 0; t < tokens; t++) {
                path[t] = random.nextInt(LABELS.size());
            }
        } while (!IobCodec.isValid(labelsOf(LABELS, path)));
        return path;
    }

    private static void boostAlong(float[][] probabilities, int[] path) {
        for (int t = 0; t < path.length; t++) {
            Arrays.fill(probabilities[t], 0.1f);
            probabilities[t][path[t]] = 0.6f;
        }
    }

    private static double bestValidScore(List<String> labels, float[][] probabilities) {
        int tokens = probabilities.length;
        int[] path = new int[tokens];
        double best = Double.NEGATIVE_INFINITY;
        for (long code = 0; code < Math.round(Math.pow(labels.size(), tokens)); code++) {
            long rest = code;
            for (int t = 0; t < tokens; t++) {
                path[t] = (int) (rest % labels.size());
                rest /= labels.size();
            }
            if (IobCodec.isValid(labelsOf(labels, path))) {
                best = Math.max(best, score(probabilities, path));
            }
        }
        return best;
    }

    private static double score(float[][] probabilities, int[] path) {
        double score = 0;
        for (int t = 0; t < path.length; t++) {
            score += Math.log(Math.max(probabilities[t][path[t]], 1e-12));
        }
        return score;
    }

    private static List<String> labelsOf(List<String> labels, int[] path) {
        return Arrays.stream(path).mapToObj(labels::get).toList();
    }
}
