package com.seqtag.training;

/**
 * Expected calibration error (ECE) of per-token scores: tokens are grouped into ten equal-width
 * confidence bins, and ECE is the token-weighted mean gap between each bin's mean confidence and
 * its accuracy. 0 means a score of 0.9 is right 90 % of the time. Not thread-safe.
 */
public final class Calibration {

    private static final int BINS = 10;

    private final long[] counts = new long[BINS];
    private final long[] correct = new long[BINS];
    private final double[] confidence = new double[BINS];

    /** Records one prediction with its confidence (0 to 1) and whether it was right. */
    public void add(double score, boolean right) {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], was " + score);
        }
        int bin = Math.min(BINS - 1, (int) (score * BINS));
        counts[bin]++;
        confidence[bin] += score;
        if (right) {
            correct[bin]++;
        }
    }

    /** The expected calibration error, 0 to 1 (0 when nothing was recorded). */
    public double expectedCalibrationError() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        double error = 0;
        for (int bin = 0; bin < BINS; bin++) {
            if (counts[bin] > 0) {
                double accuracy = (double) correct[bin] / counts[bin];
                double meanConfidence = confidence[bin] / counts[bin];
                error += (double) counts[bin] / total * Math.abs(accuracy - meanConfidence);
            }
        }
        return error;
    }
}
