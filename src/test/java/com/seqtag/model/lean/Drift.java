package com.seqtag.model.lean;

import com.seqtag.data.LabeledSentence;
import com.seqtag.decoding.SentenceDecoder;
import com.seqtag.decoding.TaggedSentence;
import com.seqtag.decoding.TaggedToken;
import com.seqtag.model.InputEncoder;
import com.seqtag.training.EntityEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far a narrowed network's decoded answers are from its fp32 twin's: label agreement over all
 * tokens, the largest change in a token's score where the label is the same, and entity F1 of both
 * on the labelled sentences. Shared by {@link PrecisionDriftTest} and {@link PrecisionDriftReport}.
 */
record Drift(int tokens, int sameLabel, double largestScoreDifference, double referenceF1, double narrowedF1) {

    double agreement() {
        return (double) sameLabel / tokens;
    }

    /**
     * @param sentences every sentence to compare, the {@code labelled} ones first
     * @param labelled  sentences with gold labels, for entity F1
     */
    static Drift measure(LeanNetwork reference, LeanNetwork narrowed, InputEncoder encoder, List<String> labels,
                         List<List<String>> sentences, List<LabeledSentence> labelled) {
        List<TaggedSentence> expected = tag(reference, encoder, labels, sentences);
        List<TaggedSentence> actual = tag(narrowed, encoder, labels, sentences);
        int tokens = 0;
        int same = 0;
        double largest = 0;
        for (int s = 0; s < sentences.size(); s++) {
            for (int t = 0; t < sentences.get(s).size(); t++) {
                TaggedToken want = expected.get(s).tokens().get(t);
                TaggedToken got = actual.get(s).tokens().get(t);
                tokens++;
                if (want.label().equals(got.label())) {
                    same++;
                    largest = Math.max(largest, Math.abs(want.score() - got.score()));
                }
            }
        }
        return new Drift(tokens, same, largest, f1(expected, labelled), f1(actual, labelled));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d tokens, %.3f %% with the fp32 label (%d differ), largest score difference"
                        + " %.4f, entity F1 %.2f vs fp32 %.2f", tokens, 100 * agreement(), tokens - sameLabel,
                largestScoreDifference, narrowedF1, referenceF1);
    }

    private static List<TaggedSentence> tag(LeanNetwork network, InputEncoder encoder, List<String> labels,
                                            List<List<String>> sentences) {
        SentenceDecoder decoder = new SentenceDecoder(labels, true);
        List<TaggedSentence> tagged = new ArrayList<>();
        for (int from = 0; from < sentences.size(); from += 128) {
            List<List<String>> batch = sentences.subList(from, Math.min(sentences.size(), from + 128));
            LeanNetwork.Output output = network.tag(batch, encoder);
            for (int s = 0; s < batch.size(); s++) {
                tagged.add(decoder.decode(batch.get(s), output.probabilities()[s], output.unknown()[s]));
            }
        }
        return tagged;
    }

    /** Entity F1 (in points) on the labelled sentences, which come first in {@code tagged}. */
    private static double f1(List<TaggedSentence> tagged, List<LabeledSentence> labelled) {
        EntityEvaluator evaluator = new EntityEvaluator();
        for (int s = 0; s < labelled.size(); s++) {
            evaluator.add(labelled.get(s).labels(), tagged.get(s).tokens().stream().map(TaggedToken::label).toList());
        }
        return evaluator.report().overall().f1();
    }
}
