package com.seqtag.model.lean;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.model.ModelConfig;
import org.junit.jupiter.api.Test;

/** Widening weights to padded layouts moves every real weight and adds only zeros. */
class PaddedLayoutTest {

    @Test
    void concatenatedDirectionsEachGetTheirOwnPadding() {
        PaddedLayout layout = PaddedLayout.recurrent(3, 4, ModelConfig.Direction.BIDIRECTIONAL_CONCAT);
        assertThat(layout.positions()).containsExactly(0, 1, 2, 4, 5, 6);
        assertThat(layout.size()).isEqualTo(8);
        assertThat(PaddedLayout.recurrent(3, 4, ModelConfig.Direction.BIDIRECTIONAL_ADD).size()).isEqualTo(4);
        assertThat(PaddedLayout.roundUp(200, 16)).isEqualTo(208);
        assertThat(PaddedLayout.roundUp(200, 1)).isEqualTo(200);
    }

    @Test
    void widenedGateBlocksKeepEveryWeightInPlace() {
        // 2 input rows (laid out at 0 and 2 of 3), 2 gate blocks of 2 units widened to 3.
        PaddedLayout inputs = new PaddedLayout(new int[] {0, 2}, 3);
        float[] matrix = {1, 2, 3, 4,
                          5, 6, 7, 8};
        assertThat(inputs.widen(matrix, 2, 2, 3)).containsExactly(
                1, 2, 0, 3, 4, 0,
                0, 0, 0, 0, 0, 0,
                5, 6, 0, 7, 8, 0);
    }
}
