package com.seqtag.model.lean;

import com.seqtag.model.InputEncoder;
import com.seqtag.model.lean.kernels.Precision;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The load-time check of a narrowed network against its fp32 twin: both tag a probe text
 * ({@code probe-sentences.txt}, about 400 tokens in five styles); the narrowed one passes when every
 * token's most probable label is the same and no label probability moved by more than
 * {@value #SCORE_TOLERANCE}. The same limits are held on the valid split by the drift test and the
 * benchmark (docs/benchmarks.md). For {@code auto} the same text also times the candidates that
 * passed against fp32 ({@link #fastest}).
 */
public final class PrecisionCheck {

    /** Largest change in any label probability a narrowed network may make on the probe. */
    public static final double SCORE_TOLERANCE = 0.05;
    /** Smallest share of tokens whose most probable label must stay the same. */
    public static final double LABEL_AGREEMENT = 0.999;

    /**
     * How much faster than fp32 a narrowed precision must tag the probe to be chosen by {@code auto}:
     * a close race goes to the exact one, so that timing noise does not flip the choice.
     */
    public static final double MIN_SPEEDUP = 1.15;
    /** Timed passes over the probe per candidate, interleaved; the fastest of each counts. */
    private static final int TIMED_ROUNDS = 12;

    private static final List<List<String>> PROBE = readProbe();

    private PrecisionCheck() {
    }

    /** How far a narrowed network's answers moved from the reference's on the probe text. */
    public record Result(int tokens, int sameLabel, double largestScoreDifference) {

        public double agreement() {
            return tokens == 0 ? 1 : (double) sameLabel / tokens;
        }

        public boolean passes() {
            return agreement() >= LABEL_AGREEMENT && largestScoreDifference <= SCORE_TOLERANCE;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d/%d probe tokens with the fp32 label, largest score difference %.4f",
                    sameLabel, tokens, largestScoreDifference);
        }
    }

    /** Compares {@code narrowed} with {@code reference} on the probe text. */
    static Result compare(LeanNetwork reference, LeanNetwork narrowed, InputEncoder encoder) {
        return compare(reference.tag(PROBE, encoder).probabilities(), narrowed.tag(PROBE, encoder).probabilities());
    }

    /** Compares two networks' label probabilities {@code [sentence][token][label]} for the same tokens. */
    public static Result compare(float[][][] reference, float[][][] narrowed) {
        int tokens = 0;
        int same = 0;
        double largest = 0;
        for (int s = 0; s < reference.length; s++) {
            for (int t = 0; t < reference[s].length; t++) {
                tokens++;
                if (argmax(reference[s][t]) == argmax(narrowed[s][t])) {
                    same++;
                }
                for (int l = 0; l < reference[s][t].length; l++) {
                    largest = Math.max(largest, Math.abs(reference[s][t][l] - narrowed[s][t][l]));
                }
            }
        }
        return new Result(tokens, same, largest);
    }

    /**
     * Wall-clock seconds of one pass over the probe text per network: the fastest of several
     * passes, taken in turns, so that the JIT warming up and other load slow all of them alike.
     */
    static Map<Precision, Double> secondsPerPass(Map<Precision, LeanNetwork> networks, InputEncoder encoder) {
        Map<Precision, Double> fastest = new EnumMap<>(Precision.class);
        for (int round = 0; round < TIMED_ROUNDS; round++) {
            for (Map.Entry<Precision, LeanNetwork> network : networks.entrySet()) {
                long start = System.nanoTime();
                network.getValue().tag(PROBE, encoder);
                double seconds = (System.nanoTime() - start) / 1e9;
                fastest.merge(network.getKey(), seconds, Math::min);
            }
        }
        return fastest;
    }

    /**
     * The fastest precision by these timings (which include fp32), where a narrowed one must beat
     * fp32 by {@link #MIN_SPEEDUP}.
     */
    public static Precision fastest(Map<Precision, Double> secondsPerPass) {
        double exact = secondsPerPass.get(Precision.FP32);
        Precision best = Precision.FP32;
        double bestSeconds = exact / MIN_SPEEDUP;
        for (Map.Entry<Precision, Double> candidate : secondsPerPass.entrySet()) {
            if (candidate.getKey() != Precision.FP32 && candidate.getValue() <= bestSeconds) {
                best = candidate.getKey();
                bestSeconds = candidate.getValue();
            }
        }
        return best;
    }

    /** Timings for the log: {@code fp32 2.91 ms, bf16 1.87 ms}. */
    static String describe(Map<Precision, Double> secondsPerPass) {
        return secondsPerPass.entrySet().stream()
                .map(entry -> String.format(Locale.ROOT, "%s %.2f ms", entry.getKey().label(), entry.getValue() * 1e3))
                .collect(Collectors.joining(", "));
    }

    /** The probe text's sentences, as tokens. */
    public static List<List<String>> probe() {
        return PROBE;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static List<List<String>> readProbe() {
        try (InputStream in = PrecisionCheck.class.getResourceAsStream("probe-sentences.txt")) {
            if (in == null) {
                throw new IllegalStateException("probe-sentences.txt is missing from the class path");
            }
            List<List<String>> sentences = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    sentences.add(List.copyOf(Arrays.asList(line.trim().split("\\s+"))));
                }
            }
            return List.copyOf(sentences);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
