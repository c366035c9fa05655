package com.seqtag.api;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Several documents to tag in one request, answered in order.
 *
 * @param documents  the documents, each exactly one of {@code text} or {@code tokens}
 * @param offsetUnit what the response's offsets count, for every document; null means UTF-16
 */
@Schema(description = "Documents to tag together; each is answered as `POST /tag` would answer it.")
public record BatchTagRequest(
        @ArraySchema(arraySchema = @Schema(description = "The documents, at most `seqtag.batch.max-documents` "
                + "holding at most `seqtag.batch.max-total-chars` characters together."))
        List<Document> documents,
        @Schema(description = "What response offsets count, for every document: `utf16` (default) or `codepoint`.",
                defaultValue = "utf16")
        OffsetUnit offsetUnit) {

    /** The requested offset unit, UTF-16 when none was given. */
    OffsetUnit offsetUnitOrDefault() {
        return OffsetUnit.orDefault(offsetUnit);
    }

    /**
     * One document of a batch: exactly one of the two fields, as in {@code POST /tag}.
     *
     * @param text   raw text
     * @param tokens pre-tokenized words
     */
    @Schema(name = "BatchDocument", description = "Exactly one of `text` or `tokens`, as in `POST /tag`.")
    public record Document(
            @Schema(description = "Raw text to tag.", example = "Peter Blackburn reports from Brussels.") String text,
            @Schema(description = "Pre-tokenized words.", example = "[\"EU\", \"rejects\", \"German\", \"call\"]")
            List<String> tokens) {
    }
}
