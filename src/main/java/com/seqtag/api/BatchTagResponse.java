package com.seqtag.api;

import com.seqtag.api.edge.ApiException;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer to a batch: one result per document, in request order, each either the document's
 * {@link TagResponse} or the error that document alone would have got from {@code POST /tag}.
 *
 * @param results one entry per document, in order
 */
public record BatchTagResponse(
        @ArraySchema(arraySchema = @Schema(description = "One entry per document, in request order: the `POST /tag` "
                + "answer for it, or `{\"error\": {...}}` when that document was rejected."))
        List<Result> results) {

    /** What a batch answers for one document (springdoc lists the permitted types as its oneOf). */
    @Schema(name = "BatchResult", description = "The `POST /tag` answer for a document, or its error.")
    public sealed interface Result permits TagResponse, Failure {
    }

    /**
     * A document the batch could not tag; the other documents are unaffected.
     *
     * @param error why, as the problem details {@code POST /tag} would answer for it alone
     */
    @Schema(name = "BatchFailure", description = "A rejected document; the rest of the batch is answered normally.")
    public record Failure(Problem error) implements Result {

        /** The failure a rejected document's {@link ApiException} describes. */
        static Failure of(ApiException e) {
            return new Failure(new Problem(e.status().value(), e.title(), e.getMessage()));
        }
    }

    /**
     * The parts of an RFC 9457 problem that describe one document's error.
     *
     * @param status the HTTP status {@code POST /tag} would have answered for this document alone
     * @param title  short summary of the kind of error
     * @param detail what is wrong with the document and what to change
     */
    @Schema(name = "BatchProblem")
    public record Problem(
            @Schema(example = "400") int status,
            @Schema(example = "Invalid request") String title,
            @Schema(example = "\"documents[1].text\" is empty or only whitespace; there is nothing to tag") String detail) {
    }
}
