package com.seqtag.retrain;

import com.seqtag.data.IobCodec;
import com.seqtag.data.LabeledSentence;
import com.seqtag.training.TrainingPlan;
import java.util.List;
import java.util.Map;

/**
 * A validated retraining request: the plan to train with, the data, and whether to skip the
 * validation gate. Everything a job needs is checked before it is accepted, so a job fails only
 * for reasons that appear while training.
 *
 * @param plan            the full training plan (defaults with the request's overrides)
 * @param overrides       the settings the request changed, as sent
 * @param trainSet        sentences to train on
 * @param validSet        sentences to select epochs and gate on
 * @param trainSource     where the training data came from, e.g. "upload" or "configured corpus + upload"
 * @param validSource     where the validation data came from
 * @param force           promote even when the gate would reject
 * @param startedFrom     the version of the model training starts from ({@code initFrom} resolved:
 *                        {@code "active"} becomes the version active when the request came), or null
 *                        to train from scratch
 */
public record RetrainOrder(TrainingPlan plan, Map<String, Object> overrides, List<LabeledSentence> trainSet,
                           List<LabeledSentence> validSet, String trainSource, String validSource, boolean force,
                           String startedFrom) {

    /** An order that trains from scratch. */
    public RetrainOrder(TrainingPlan plan, Map<String, Object> overrides, List<LabeledSentence> trainSet,
                        List<LabeledSentence> validSet, String trainSource, String validSource, boolean force) {
        this(plan, overrides, trainSet, validSet, trainSource, validSource, force, null);
    }

    public RetrainOrder {
        if (trainSet.isEmpty() || validSet.isEmpty()) {
            throw new IllegalArgumentException("training and validation data must not be empty");
        }
        if ((startedFrom != null) != plan.training().warmStart()) {
            throw new IllegalArgumentException("a warm start needs both initFrom in the plan and the resolved version");
        }
        // A setting sent as null means "not set" (e.g. "initFrom": null is from scratch): it changed nothing.
        Map<String, Object> changed = new java.util.LinkedHashMap<>();
        overrides.forEach((key, value) -> {
            if (value != null) {
                changed.put(key, value);
            }
        });
        overrides = java.util.Collections.unmodifiableMap(changed);
        trainSet = List.copyOf(trainSet);
        validSet = List.copyOf(validSet);
    }

    /** The entity types of the training data, sorted. */
    public List<String> entityTypes() {
        return IobCodec.entityTypesOf(trainSet);
    }
}
