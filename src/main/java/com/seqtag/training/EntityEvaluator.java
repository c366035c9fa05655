package com.seqtag.training;

import com.seqtag.data.IobCodec;
import com.seqtag.data.EntitySpan;
import com.seqtag.training.EvaluationReport.Scores;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accumulates gold and predicted IOB2 labels sentence by sentence and scores them like conlleval:
 * an entity is correct when its type, first token and end token all match.
 * Not thread-safe; confine each instance to one thread.
 */
public final class EntityEvaluator {

    private final Map<String, Long> goldByType = new HashMap<>();
    private final Map<String, Long> predictedByType = new HashMap<>();
    private final Map<String, Long> correctByType = new HashMap<>();
    private long tokens;
    private long correctTokens;

    /**
     * Adds one sentence.
     *
     * @throws IllegalArgumentException if the sequences differ in length or contain a non-IOB2 label;
     *                                  the evaluator is then left unchanged
     */
    public void add(List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(
                    "gold has " + gold.size() + " labels but predicted has " + predicted.size());
        }
        // Decode both before counting anything, so that a bad label leaves the totals untouched.
        List<EntitySpan> goldSpans = IobCodec.spans(gold);
        List<EntitySpan> predictedSpans = IobCodec.spans(predicted);

        Set<EntitySpan> goldSet = new HashSet<>(goldSpans);
        for (EntitySpan span : goldSpans) {
            goldByType.merge(span.type(), 1L, Long::sum);
        }
        for (EntitySpan span : predictedSpans) {
            predictedByType.merge(span.type(), 1L, Long::sum);
            if (goldSet.contains(span)) {
                correctByType.merge(span.type(), 1L, Long::sum);
            }
        }
        for (int i = 0; i < gold.size(); i++) {
            if (gold.get(i).equals(predicted.get(i))) {
                correctTokens++;
            }
        }
        tokens += gold.size();
    }

    /** Returns the scores over every sentence added so far. */
    public EvaluationReport report() {
        Set<String> types = new HashSet<>(goldByType.keySet());
        types.addAll(predictedByType.keySet());
        TreeMap<String, Scores> perType = new TreeMap<>();
        for (String type : types) {
            perType.put(type, new Scores(goldByType.getOrDefault(type, 0L),
                    predictedByType.getOrDefault(type, 0L), correctByType.getOrDefault(type, 0L)));
        }
        Scores overall = new Scores(total(goldByType), total(predictedByType), total(correctByType));
        return new EvaluationReport(tokens, correctTokens, overall, perType);
    }

    private static long total(Map<String, Long> countsByType) {
        return countsByType.values().stream().mapToLong(Long::longValue).sum();
    }
}
