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
 * @param residentMb     resident memory of the process at the end of the epoch (MiB, -1 if unknown);
 *                       a run whose memory keeps growing epoch after epoch leaks
 */
public record EpochResult(int epoch, double trainLoss, double validF1, double validPrecision, double validRecall,
                          double seconds, long residentMb) {
}
