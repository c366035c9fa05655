package com.seqtag.api;

import com.seqtag.config.SeqtagProperties;
import com.seqtag.inference.DocumentTagger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /tag}: validates the request and hands it to the {@link DocumentTagger}. */
@RestController
@Tag(name = "Tagging", description = "Named-entity recognition")
public class TagController {

    private final DocumentTagger tagger;
    private final SeqtagProperties properties;

    public TagController(DocumentTagger tagger, SeqtagProperties properties) {
        this.tagger = tagger;
        this.properties = properties;
    }

    @Operation(summary = "Tag text with entity labels",
            description = "Tokenizes the text (keeping character offsets), splits it into sentences, and returns "
                    + "every token with its IOB2 label and probability, plus the entity spans. Offsets count "
                    + "UTF-16 code units (Java/JavaScript string indices), so `text.substring(start, end)` is the "
                    + "token. Send exactly one of `text` or `tokens`.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                        @ExampleObject(name = "text", value = TagExamples.TEXT_REQUEST),
                        @ExampleObject(name = "tokens", value = TagExamples.TOKENS_REQUEST)})))
    @ApiResponse(responseCode = "200", description = "Tagged", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            examples = @ExampleObject(name = "tagged", value = TagExamples.RESPONSE)))
    @ApiResponse(responseCode = "400", description = "Invalid request (both/neither field, blank text, bad tokens, malformed JSON)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Text longer than seqtag.max-text-chars",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Content type is not application/json",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The model is still loading",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping(path = "/tag", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public TagResponse tag(@RequestBody TagRequest request) {
        if (request == null) {
            throw ApiException.badRequest("the body must be a JSON object with \"text\" or \"tokens\"");
        }
        boolean hasText = request.text() != null;
        boolean hasTokens = request.tokens() != null;
        if (hasText == hasTokens) {
            throw ApiException.badRequest(hasText
                    ? "send either \"text\" or \"tokens\", not both"
                    : "send \"text\" (a string) or \"tokens\" (an array of strings)");
        }
        if (hasText) {
            checkLength(request.text().length());
            if (isBlank(request.text())) {
                throw ApiException.badRequest("\"text\" is empty or only whitespace; there is nothing to tag");
            }
            return TagResponse.of(tagger.tagText(request.text()), request.offsetUnitOrDefault());
        }
        List<String> tokens = request.tokens();
        validateTokens(tokens);
        return TagResponse.of(tagger.tagTokens(tokens), request.offsetUnitOrDefault());
    }

    private void validateTokens(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw ApiException.badRequest("\"tokens\" is empty; send at least one token");
        }
        long joinedLength = tokens.size() - 1L;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token == null || token.isEmpty()) {
                throw ApiException.badRequest("\"tokens[" + i + "]\" is " + (token == null ? "null" : "empty")
                        + "; every token must be a non-empty string");
            }
            if (token.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
                throw ApiException.badRequest("\"tokens[" + i + "]\" contains whitespace; split it into separate tokens");
            }
            joinedLength += token.length();
        }
        checkLength(joinedLength);
    }

    /** Blank in the reader's sense: nothing but whitespace, no-break spaces, controls and invisible marks. */
    private static boolean isBlank(String text) {
        return text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.CONTROL || Character.getType(cp) == Character.FORMAT);
    }

    private void checkLength(long chars) {
        if (chars > properties.maxTextChars()) {
            throw ApiException.tooLarge("the text has " + chars + " characters; the limit (seqtag.max-text-chars) is "
                    + properties.maxTextChars() + " UTF-16 code units");
        }
    }
}
