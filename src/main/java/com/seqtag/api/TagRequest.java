package com.seqtag.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A tagging request: raw text, or text already split into tokens (exactly one of the two).
 *
 * @param text       raw text; may hold several sentences, any whitespace
 * @param tokens     pre-tokenized words, none empty and none containing whitespace
 * @param offsetUnit what the response's offsets count; null means UTF-16 code units
 */
@Schema(description = "Exactly one of `text` or `tokens`.")
public record TagRequest(
        @Schema(description = "Raw text to tag; it is tokenized and split into sentences.",
                example = "EU rejects German call to boycott British lamb. Peter Blackburn reports from Brussels.")
        String text,
        @Schema(description = "Pre-tokenized words; offsets in the answer then refer to the words joined by single spaces.",
                example = "[\"EU\", \"rejects\", \"German\", \"call\"]")
        List<String> tokens,
        @Schema(description = "What response offsets count: `utf16` (default) or `codepoint` (Python indices).",
                defaultValue = "utf16")
        OffsetUnit offsetUnit) {

    /** The requested offset unit, UTF-16 when none was given. */
    OffsetUnit offsetUnitOrDefault() {
        return OffsetUnit.orDefault(offsetUnit);
    }
}
