package com.seqtag.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * A retraining request as JSON (multipart/form-data uses the same names, with files for the
 * CoNLL parts). Every field is optional.
 *
 * @param config     training settings to change, e.g. {@code {"epochs": 3}}
 * @param trainConll CoNLL text to train on
 * @param addToBase  train on the configured corpus plus {@code trainConll}
 * @param validConll CoNLL text to validate and gate on
 * @param force      promote even if the validation gate would reject
 */
@Schema(description = "Retraining request. Without trainConll the configured server-side corpus is used; "
        + "without validConll the configured validation set.")
public record RetrainRequest(
        @Schema(description = "Training settings to override (flat keys, e.g. epochs, layers, cell, learningRate). "
                + "initFrom: \"active\" or a model version fine-tunes that model instead of training from scratch "
                + "(the new model takes its network shape); freezeEpochs: with initFrom, epochs that train only the output layer.",
                example = "{\"epochs\": 3, \"initFrom\": \"active\"}")
        Map<String, Object> config,
        @Schema(description = "CoNLL text: one token per line, word first and IOB2 label last, blank line between sentences.",
                example = "Anna B-PER\nBerg I-PER\nvisited O\nOslo B-LOC\n. O\n")
        String trainConll,
        @Schema(description = "Train on the configured corpus plus trainConll.", defaultValue = "false")
        Boolean addToBase,
        @Schema(description = "CoNLL validation text for epoch selection and the gate.")
        String validConll,
        @Schema(description = "Promote the new model even if the validation gate would reject it.", defaultValue = "false")
        Boolean force) {
}
