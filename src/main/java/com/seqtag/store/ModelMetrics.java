package com.seqtag.store;

import java.util.Map;

/**
 * How well a model did on its validation data when it was trained.
 *
 * @param validF1          entity-level F1 (conlleval, percent) on the validation set
 * @param validPrecision   entity-level precision (percent)
 * @param validRecall      entity-level recall (percent)
 * @param validF1PerType   F1 per entity type (percent)
 * @param bestEpoch        the epoch whose weights were kept
 * @param epochs           epochs run in all
 * @param trainingSeconds  wall time of training
 * @param tokenCalibrationError  expected calibration error of the token scores on the validation
 *                               set (0 to 1; null for models made before it was recorded)
 * @param entityCalibrationError expected calibration error of the entity scores (likewise)
 */
public record ModelMetrics(double validF1, double validPrecision, double validRecall,
                           Map<String, Double> validF1PerType, int bestEpoch, int epochs, double trainingSeconds,
                           Double tokenCalibrationError, Double entityCalibrationError) {
}
