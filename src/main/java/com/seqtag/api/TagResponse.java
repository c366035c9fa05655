package com.seqtag.api;

import com.seqtag.decoding.Scores;
import com.seqtag.inference.DocumentEntity;
import com.seqtag.inference.DocumentToken;
import com.seqtag.inference.TaggedDocument;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The answer to a tagging request.
 *
 * @param model    version of the model that answered
 * @param tokens   every token with its label
 * @param entities the entities the labels form
 */
public record TagResponse(
        @Schema(description = "Version id of the model that produced this answer.", example = "ner-20261123-080011-fcbf6fb1")
        String model,
        List<TokenResult> tokens,
        List<EntityResult> entities) implements BatchTagResponse.Result {

    /** Translates the tagger's document into the API shape, offsets counted in {@code unit}. */
    public static TagResponse of(TaggedDocument document, OffsetUnit unit) {
        IntUnaryOperator offset = unit.converterFor(document.text());
        return new TagResponse(document.model(),
                document.tokens().stream().map(token -> TokenResult.of(token, offset)).toList(),
                document.entities().stream().map(entity -> EntityResult.of(entity, offset)).toList());
    }

    /**
     * One token. Offsets count UTF-16 code units (Java/JavaScript string indices) unless the request
     * asked for code points: either way, slicing the request text by them in that unit gives {@code text}.
     */
    public record TokenResult(
            @Schema(example = "Blackburn") String text,
            @Schema(description = "Offset of the first character (in the request's `offsetUnit`, UTF-16 code units by default).",
                    example = "54") int start,
            @Schema(description = "Offset just past the last character (same unit as `start`).", example = "63") int end,
            @Schema(description = "IOB2 label.", example = "I-PER") String label,
            @Schema(description = "The model's probability for this label, 0 to 1.", example = "0.998") double score,
            @Schema(description = "True when the word had no vector of its own and was mapped to UNK.", example = "false")
            boolean unk) {

        static TokenResult of(DocumentToken token, IntUnaryOperator offset) {
            return new TokenResult(token.text(), offset.applyAsInt(token.start()), offset.applyAsInt(token.end()),
                    token.label(), round(token.score()), token.unknown());
        }
    }

    /** One entity, with offsets in the same unit as the tokens'. */
    public record EntityResult(
            @Schema(example = "Peter Blackburn") String text,
            @Schema(description = "Entity type (e.g. PER, ORG, LOC, MISC for the bundled model).", example = "PER")
            String type,
            @Schema(example = "48") int start,
            @Schema(example = "63") int end,
            @Schema(description = "Probability that the whole span is right: the product of its tokens' label "
                    + "probabilities and of the next token not continuing it.", example = "0.995")
            double score) {

        static EntityResult of(DocumentEntity entity, IntUnaryOperator offset) {
            return new EntityResult(entity.text(), entity.type(), offset.applyAsInt(entity.start()),
                    offset.applyAsInt(entity.end()), round(entity.score()));
        }
    }

    /** Scores are rounded as everywhere callers see them ({@link Scores#rounded}). */
    static double round(double score) {
        return Scores.rounded(score);
    }
}
