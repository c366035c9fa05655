package com.seqtag.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A request in the shape the Hugging Face Inference API takes for token classification.
 *
 * @param inputs     one text, or an array of texts (read as JSON so either shape gets a precise error)
 * @param parameters how to aggregate and filter the predictions; optional
 */
@Schema(name = "HfTokenClassificationRequest",
        description = "The Hugging Face Inference API's token-classification request.")
public record HfTokenClassificationRequest(
        @Schema(description = "The text to tag, or an array of texts (answered with an array of result lists).",
                oneOf = {String.class, String[].class},
                example = "Peter Blackburn reports from Brussels.")
        JsonNode inputs,
        Parameters parameters) {

    /** The parameters, or all defaults when none were sent. */
    Parameters parametersOrDefault() {
        return parameters == null ? new Parameters(null, null, null) : parameters;
    }

    /**
     * Hugging Face's {@code TokenClassificationParameters}.
     *
     * @param aggregationStrategy how tokens are fused into entities; null means {@code simple}
     * @param ignoreLabels        labels (or, when aggregating, entity groups) left out of the answer;
     *                            null means {@code ["O"]}
     * @param stride              accepted for compatibility; it has no effect here (see docs/api.md)
     */
    @Schema(name = "HfTokenClassificationParameters")
    public record Parameters(
            @JsonProperty("aggregation_strategy")
            // Jackson's enum reader looks for this feature (not ..._VALUES) to match names in any case.
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            @Schema(description = "How tokens are fused into entities; transformers accepts any letter case, so do we.",
                    defaultValue = "simple")
            AggregationStrategy aggregationStrategy,
            @JsonProperty("ignore_labels")
            @ArraySchema(arraySchema = @Schema(description = "Labels to leave out: token labels (`B-PER`, `O`) with "
                    + "`none`, entity groups (`PER`, `O`) otherwise. Default `[\"O\"]`; `[]` keeps everything."))
            List<String> ignoreLabels,
            @Schema(description = "Accepted for compatibility and ignored: texts are split into sentences and tagged "
                    + "whole, never truncated into overlapping windows. Must not be negative.", example = "0")
            Integer stride) {
    }

    /** Hugging Face's aggregation strategies; see docs/api.md for how each maps onto word-level tokens. */
    @Schema(name = "HfAggregationStrategy")
    public enum AggregationStrategy {

        /** Every token, with its IOB2 label. */
        NONE("none"),
        /** Runs of tokens of one type, B- starting a new one; score is the mean of the tokens'. */
        SIMPLE("simple"),
        /** Word-level: the label of a word's first token, then grouped as {@code SIMPLE}. */
        FIRST("first"),
        /** Word-level: the label with the best mean score over a word's tokens, then grouped as {@code SIMPLE}. */
        AVERAGE("average"),
        /** Word-level: the label of a word's most confident token, then grouped as {@code SIMPLE}. */
        MAX("max");

        private final String wireName;

        AggregationStrategy(String wireName) {
            this.wireName = wireName;
        }

        /** The name in JSON. */
        @JsonValue
        public String wireName() {
            return wireName;
        }

        /** The JSON name, so error messages listing the allowed values show what a client must send. */
        @Override
        public String toString() {
            return wireName;
        }
    }
}
