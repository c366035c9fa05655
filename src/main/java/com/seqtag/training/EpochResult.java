package com.seqtag.training;

/**
 * What one training epoch achieved.
 *
 * @param epoch          1-based epoch number
 * @param trainLoss      mean cross-entropy per real (unmasked) training token
 * @param validF1        entity F1 on the validation data (percent)
 * @param validPrecision entity precision (percent)
 * @param validRecall    entity recall (percent)
 * @param seconds        wall time of the epoch, validation included
 */
public record EpochResult(int epoch, double trainLoss, double validF1, double validPrecision, double validRecall,
                          double seconds) {
}
