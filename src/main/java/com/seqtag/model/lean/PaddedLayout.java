package com.seqtag.model.lean;

import com.seqtag.model.ModelConfig;

/**
 * Where each of a layer's real outputs sits among its outputs as the lean path lays them out.
 * Recurrent layers are widened to a whole number of vectors of the {@link GateLoop}: the extra
 * units get all-zero weights and bias, so their cell and output stay exactly 0 (tanh(0) is 0), and
 * every layer reading them gets all-zero weights for them too, so they change nothing. The gate
 * loop then never needs a slow remainder loop, for the price of a few more multiplications by zero.
 *
 * @param positions for each real output, its column in the padded layout
 * @param size      the padded layout's width
 */
record PaddedLayout(int[] positions, int size) {

    /** No padding: {@code size} real outputs in their own order. */
    static PaddedLayout unpadded(int size) {
        return within(size, size);
    }

    /** {@code real} outputs first, then {@code padded - real} padding columns. */
    static PaddedLayout within(int real, int padded) {
        int[] positions = new int[real];
        for (int i = 0; i < real; i++) {
            positions[i] = i;
        }
        return new PaddedLayout(positions, padded);
    }

    /** A recurrent layer's outputs: per direction {@code hidden} real units within {@code padded}, as combined. */
    static PaddedLayout recurrent(int hidden, int padded, ModelConfig.Direction direction) {
        if (direction != ModelConfig.Direction.BIDIRECTIONAL_CONCAT) {
            return within(hidden, padded);
        }
        int[] positions = new int[2 * hidden];
        for (int k = 0; k < hidden; k++) {
            positions[k] = k;
            positions[hidden + k] = padded + k;
        }
        return new PaddedLayout(positions, 2 * padded);
    }

    /** {@code units} rounded up to a whole number of {@code lanes}. */
    static int roundUp(int units, int lanes) {
        return (units + lanes - 1) / lanes * lanes;
    }

    /** Number of real outputs. */
    int realSize() {
        return positions.length;
    }

    /**
     * A row-major matrix whose rows read this layout's real outputs, {@code [realSize(), blocks * block]},
     * widened to {@code [size(), blocks * paddedBlock]}: row {@code k} moves to row {@code positions[k]},
     * column {@code j} of each block to column {@code j} of the widened block; all else is zero.
     */
    float[] widen(float[] matrix, int blocks, int block, int paddedBlock) {
        int columns = blocks * block;
        int paddedColumns = blocks * paddedBlock;
        float[] widened = new float[size * paddedColumns];
        for (int k = 0; k < positions.length; k++) {
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(matrix, k * columns + b * block, widened, positions[k] * paddedColumns + b * paddedBlock, block);
            }
        }
        return widened;
    }
}
