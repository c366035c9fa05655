package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void perfectlyCalibratedScoresHaveZeroError() {
        Calibration calibration = new Calibration();
        for (int i = 0; i < 10; i++) {
            calibration.add(0.8, i < 8);
        }
        assertThat(calibration.expectedCalibrationError()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void overconfidentScoresShowTheGap() {
        Calibration calibration = new Calibration();
        for (int i = 0; i < 10; i++) {
            calibration.add(0.85, i < 9);
        }
        // 9 of 10 right at confidence 0.85: underconfident by 0.05
        assertThat(calibration.expectedCalibrationError()).isCloseTo(0.05, within(1e-9));
    }

    @Test
    void weightsEachBinByItsShareOfTokens() {
        Calibration calibration = new Calibration();
        calibration.add(0.95, true);
        calibration.add(0.95, true);
        calibration.add(0.95, false);   // bin 0.9-1.0: accuracy 2/3, confidence 0.95 -> gap 0.2833
        calibration.add(0.55, true);    // bin 0.5-0.6: accuracy 1, confidence 0.55 -> gap 0.45
        assertThat(calibration.expectedCalibrationError()).isCloseTo(0.75 * (0.95 - 2.0 / 3) + 0.25 * 0.45, within(1e-9));
    }

    @Test
    void emptyIsZeroAndOutOfRangeIsRejected() {
        Calibration calibration = new Calibration();
        assertThat(calibration.expectedCalibrationError()).isZero();
        assertThatThrownBy(() -> calibration.add(1.5, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calibration.add(Double.NaN, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
