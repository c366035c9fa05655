package com.seqtag.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A tagging request: raw text, or text already split into tokens (exactly one of the two).
 *
 * @param text   raw text; may hold several sentences, any whitespace
 * @param tokens pre-tokenized words, none empty and none containing whitespace
 */
@Schema(description = "Exactly one of `text` or `tokens`.")
public record TagRequest(
        @Schema(description = "Raw text to tag; it is tokenized and split into sentences.",
                example = "EU rejects German call to boycott British lamb. Peter Blackburn reports from Brussels.")
        String text,
        @Schema(description = "Pre-tokenized words; offsets in the answer then refer to the words joined by single spaces.",
                example = "[\"EU\", \"rejects\", \"German\", \"call\"]")
        List<String> tokens) {
}
