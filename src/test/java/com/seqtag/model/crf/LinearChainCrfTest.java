package com.seqtag.model.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forward-backward against brute force over every label sequence of a short sentence. */
class LinearChainCrfTest {

    private static final int LABELS = 3;
    private static final int LENGTH = 4;

    private final Random random = new Random(3);
    private final double[][] emit = randomMatrix(LENGTH, LABELS);
    private final double[][] trans = randomMatrix(LABELS, LABELS);
    private final double[] start = randomMatrix(1, LABELS)[0];
    private final double[] end = randomMatrix(1, LABELS)[0];

    @Test
    void partitionFunctionAndMarginalsMatchEnumeration() {
        double z = 0;
        double[][] unary = new double[LENGTH][LABELS];
        double[][] pairwise = new double[LABELS][LABELS];
        int sequences = (int) Math.pow(LABELS, LENGTH);
        for (int code = 0; code < sequences; code++) {
            int[] sequence = decode(code);
            double weight = Math.exp(LinearChainCrf.score(sequence, emit, trans, start, end));
            z += weight;
            for (int t = 0; t < LENGTH; t++) {
                unary[t][sequence[t]] += weight;
                if (t > 0) {
                    pairwise[sequence[t - 1]][sequence[t]] += weight;
                }
            }
        }
        LinearChainCrf.Marginals marginals = LinearChainCrf.marginals(emit, trans, start, end);
        assertThat(marginals.logPartition()).isCloseTo(Math.log(z), within(1e-9));
        for (int t = 0; t < LENGTH; t++) {
            double sum = 0;
            for (int l = 0; l < LABELS; l++) {
                assertThat(marginals.unary()[t][l]).isCloseTo(unary[t][l] / z, within(1e-9));
                sum += marginals.unary()[t][l];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-9));
        }
        for (int i = 0; i < LABELS; i++) {
            for (int j = 0; j < LABELS; j++) {
                assertThat(marginals.pairwise()[i][j]).isCloseTo(pairwise[i][j] / z, within(1e-9));
            }
        }
    }

    @Test
    void aSingleTokenSentenceIsAPlainSoftmaxOfItsScores() {
        double[][] one = {emit[0]};
        LinearChainCrf.Marginals marginals = LinearChainCrf.marginals(one, trans, start, end);
        double z = 0;
        for (int l = 0; l < LABELS; l++) {
            z += Math.exp(start[l] + emit[0][l] + end[l]);
        }
        for (int l = 0; l < LABELS; l++) {
            assertThat(marginals.unary()[0][l]).isCloseTo(Math.exp(start[l] + emit[0][l] + end[l]) / z, within(1e-12));
        }
    }

    @Test
    void theExpectedScoreOfOneHotTargetsIsTheGoldScore() {
        int[] gold = {2, 0, 1, 1};
        double[][] oneHot = new double[LENGTH][LABELS];
        for (int t = 0; t < LENGTH; t++) {
            oneHot[t][gold[t]] = 1;
        }
        assertThat(LinearChainCrf.expectedScore(oneHot, emit, trans, start, end))
                .isCloseTo(LinearChainCrf.score(gold, emit, trans, start, end), within(1e-12));
    }

    @Test
    void theExpectedScoreOfSoftTargetsAveragesEverySequenceUnderThem() {
        double[][] soft = randomDistributions();
        double expected = 0;
        int sequences = (int) Math.pow(LABELS, LENGTH);
        for (int code = 0; code < sequences; code++) {
            int[] sequence = decode(code);
            double probability = 1;
            for (int t = 0; t < LENGTH; t++) {
                probability *= soft[t][sequence[t]];
            }
            expected += probability * LinearChainCrf.score(sequence, emit, trans, start, end);
        }
        assertThat(LinearChainCrf.expectedScore(soft, emit, trans, start, end)).isCloseTo(expected, within(1e-9));
    }

    private double[][] randomDistributions() {
        double[][] rows = new double[LENGTH][LABELS];
        for (int t = 0; t < LENGTH; t++) {
            double sum = 0;
            for (int l = 0; l < LABELS; l++) {
                rows[t][l] = random.nextDouble();
                sum += rows[t][l];
            }
            for (int l = 0; l < LABELS; l++) {
                rows[t][l] /= sum;
            }
        }
        return rows;
    }

    private int[] decode(int code) {
        int[] sequence = new int[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            sequence[t] = code % LABELS;
            code /= LABELS;
        }
        return sequence;
    }

    private double[][] randomMatrix(int rows, int columns) {
        double[][] matrix = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                matrix[r][c] = random.nextGaussian();
            }
        }
        return matrix;
    }
}
