package com.seqtag.decoding;

import com.seqtag.data.EntitySpan;
import com.seqtag.data.IobCodec;
import com.seqtag.data.IobLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one sentence's label probabilities into its answer: a label per token (constrained Viterbi
 * or per-token argmax), each with its probability, and the entity spans with their scores.
 * Immutable and thread-safe.
 */
public final class SentenceDecoder {

    private final List<String> labels;
    /** The constrained decoder, or null to take each token's argmax. */
    private final ViterbiDecoder viterbi;

    /**
     * @param labels      the model's labels, indexed like the probability columns
     * @param constrained whether to decode with constrained Viterbi (valid IOB2 only) rather than argmax
     */
    public SentenceDecoder(List<String> labels, boolean constrained) {
        this.labels = List.copyOf(labels);
        this.viterbi = constrained ? new ViterbiDecoder(this.labels) : null;
    }

    /**
     * Decodes one sentence.
     *
     * @param words         the sentence's words
     * @param probabilities {@code probabilities[token][label]}
     * @param unknown       per token, whether it reached the network as UNK
     */
    public TaggedSentence decode(List<String> words, float[][] probabilities, boolean[] unknown) {
        int[] best = viterbi != null ? viterbi.decode(probabilities) : ArgmaxDecoder.argmax(probabilities);
        List<TaggedToken> tokens = new ArrayList<>(words.size());
        List<String> chosen = new ArrayList<>(words.size());
        for (int t = 0; t < words.size(); t++) {
            String label = labels.get(best[t]);
            chosen.add(label);
            tokens.add(new TaggedToken(words.get(t), label, probabilities[t][best[t]], unknown[t]));
        }
        List<ScoredEntity> entities = new ArrayList<>();
        for (EntitySpan span : IobCodec.spans(chosen)) {
            entities.add(new ScoredEntity(span, spanScore(span, best, probabilities)));
        }
        return new TaggedSentence(tokens, entities);
    }

    /**
     * The probability that the whole span is right, from the per-token label probabilities taken
     * as independent: every token of the span has its label, and the token after it does not
     * continue the entity (else the span would be too short). A single confident token cannot
     * hide a doubtful one, and long uncertain spans score lower than short certain ones.
     */
    private double spanScore(EntitySpan span, int[] best, float[][] probabilities) {
        double score = 1.0;
        for (int t = span.firstToken(); t < span.endToken(); t++) {
            score *= probabilities[t][best[t]];
        }
        if (span.endToken() < probabilities.length) {
            int inside = labels.indexOf(IobLabel.inside(span.type()).toString());
            if (inside >= 0) {
                score *= 1.0 - probabilities[span.endToken()][inside];
            }
        }
        return Math.max(0.0, Math.min(1.0, score));
    }
}
