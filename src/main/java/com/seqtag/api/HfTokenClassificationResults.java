package com.seqtag.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.seqtag.inference.DocumentToken;
import com.seqtag.inference.TaggedDocument;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Translates a tagged document into what the Hugging Face Inference API answers for token
 * classification: offsets in code points (Python string indices), labels filtered by
 * {@code ignore_labels} after aggregation, as transformers' pipeline does.
 */
final class HfTokenClassificationResults {

    private HfTokenClassificationResults() {
    }

    /** One element of an answer: a token ({@code none}) or an entity group (every other strategy). */
    sealed interface Prediction permits TokenPrediction, EntityGroup {
    }

    /**
     * A token's prediction, for {@code aggregation_strategy: "none"}.
     *
     * @param entity the token's IOB2 label
     * @param score  the model's probability for that label
     * @param index  the token's position in the text, from 0
     * @param word   the token
     * @param start  offset of its first character, in code points
     * @param end    offset just past its last character, in code points
     */
    @Schema(name = "HfTokenPrediction")
    @JsonPropertyOrder({"entity", "score", "index", "word", "start", "end"})
    record TokenPrediction(
            @Schema(example = "B-PER") String entity,
            @Schema(example = "0.998") double score,
            @Schema(description = "Position of the token in the text, from 0 (no special tokens precede it).",
                    example = "3") int index,
            @Schema(example = "Peter") String word,
            @Schema(description = "Offset in code points (Python string indices).", example = "11") int start,
            @Schema(description = "Offset in code points, exclusive.", example = "16") int end) implements Prediction {
    }

    /**
     * An entity group, for every strategy but {@code none}.
     *
     * @param entityGroup the entity type, or {@code O} for a run outside entities when {@code O} is not ignored
     * @param score       the mean of the group's token scores
     * @param word        the group's text, exactly as in the input
     * @param start       offset of its first character, in code points
     * @param end         offset just past its last character, in code points
     */
    @Schema(name = "HfEntityGroup")
    @JsonPropertyOrder({"entity_group", "score", "word", "start", "end"})
    record EntityGroup(
            @JsonProperty("entity_group") @Schema(example = "PER") String entityGroup,
            @Schema(example = "0.997") double score,
            @Schema(example = "Peter Blackburn") String word,
            @Schema(description = "Offset in code points (Python string indices).", example = "11") int start,
            @Schema(description = "Offset in code points, exclusive.", example = "31") int end) implements Prediction {
    }

    /**
     * The answer for one text. Our tokens are words (split at spaces and punctuation, as a WordPiece
     * model's words are), so the word-level strategies {@code first}, {@code average} and {@code max}
     * see one token per word, whose label they keep: they answer exactly what {@code simple} does.
     */
    static List<Prediction> of(TaggedDocument document, HfTokenClassificationRequest.AggregationStrategy strategy,
                               Set<String> ignoreLabels) {
        IntUnaryOperator offset = OffsetUnit.CODEPOINT.converterFor(document.text());
        List<DocumentToken> tokens = document.tokens();
        List<Prediction> predictions = new ArrayList<>();
        if (strategy == HfTokenClassificationRequest.AggregationStrategy.NONE) {
            for (int i = 0; i < tokens.size(); i++) {
                DocumentToken token = tokens.get(i);
                if (!ignoreLabels.contains(token.label())) {
                    predictions.add(new TokenPrediction(token.label(), TagResponse.round(token.score()), i, token.text(),
                            offset.applyAsInt(token.start()), offset.applyAsInt(token.end())));
                }
            }
            return predictions;
        }
        for (TokenGroups.Group group : TokenGroups.simple(tokens)) {
            if (ignoreLabels.contains(group.type())) {
                continue;
            }
            int start = tokens.get(group.firstToken()).start();
            int end = tokens.get(group.endToken() - 1).end();
            // The text as written: re-joining the tokens with spaces (as WordPiece detokenizing does) would
            // change the spacing around punctuation and no longer match the offsets.
            predictions.add(new EntityGroup(group.type(), TagResponse.round(group.score()),
                    document.text().substring(start, end), offset.applyAsInt(start), offset.applyAsInt(end)));
        }
        return predictions;
    }
}
