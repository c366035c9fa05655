package com.seqtag.training;

import com.seqtag.store.ModelArtifact;
import java.util.List;

/** A trained model (with the best epoch's weights) and the curve that led to it. */
public record TrainingResult(ModelArtifact artifact, List<EpochResult> curve, EvaluationReport validation) {

    public TrainingResult {
        curve = List.copyOf(curve);
    }
}
