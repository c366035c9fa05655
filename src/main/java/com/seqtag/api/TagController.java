package com.seqtag.api;

import com.seqtag.api.edge.ApiException;
import com.seqtag.api.edge.ModelRoute;
import com.seqtag.inference.DocumentInput;
import com.seqtag.inference.DocumentTagger;
import com.seqtag.inference.TaggedDocument;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /tag} and {@code POST /tag/batch}: validates requests against the {@link DocumentRules}
 * and hands the documents to the {@link DocumentTagger}.
 */
@RestController
@Tag(name = "Tagging", description = "Named-entity recognition")
public class TagController {

    private final DocumentTagger tagger;
    private final DocumentRules rules;

    public TagController(DocumentTagger tagger, DocumentRules rules) {
        this.tagger = tagger;
        this.rules = rules;
    }

    @Operation(summary = "Tag text with entity labels",
            description = "Tokenizes the text (keeping character offsets), splits it into sentences, and returns "
                    + "every token with its IOB2 label and probability, plus the entity spans. Offsets count "
                    + "UTF-16 code units (Java/JavaScript string indices) unless `offsetUnit` is `codepoint` "
                    + "(Python string indices); either way, slicing the text by them gives the token. "
                    + "Send exactly one of `text` or `tokens`.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                        @ExampleObject(name = "text", value = TagExamples.TEXT_REQUEST),
                        @ExampleObject(name = "tokens", value = TagExamples.TOKENS_REQUEST),
                        @ExampleObject(name = "code point offsets", value = TagExamples.CODEPOINT_REQUEST)})))
    @ApiResponse(responseCode = "200", description = "Tagged", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TagResponse.class),
            examples = @ExampleObject(name = "tagged", value = TagExamples.RESPONSE)))
    @ApiResponse(responseCode = "400", description = "Invalid request (both/neither field, blank text, bad tokens, "
            + "unknown offsetUnit, malformed JSON)")
    @ApiResponse(responseCode = "413", description = "Text longer than seqtag.max-text-chars")
    @ModelRoute
    @PostMapping(path = "/tag", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public TagResponse tag(@RequestBody TagRequest request) {
        if (request == null) {
            throw ApiException.badRequest("the body must be a JSON object with \"text\" or \"tokens\"");
        }
        DocumentInput document = rules.document(request.text(), request.tokens(), "");
        return TagResponse.of(tagger.tagAll(List.of(document)).get(0), request.offsetUnitOrDefault());
    }

    @Operation(summary = "Tag several documents in one request",
            description = "Each document is exactly one of `text` or `tokens`, and is answered in its position in "
                    + "`results` exactly as `POST /tag` answers it alone. The sentences of all documents are tagged "
                    + "together, so a batch of short documents costs fewer forward passes than one request each. "
                    + "A document that `POST /tag` would reject gets `{\"error\": {\"status\", \"title\", "
                    + "\"detail\"}}` in its position instead; the other documents are still tagged. A body that "
                    + "is not valid JSON of this shape (wrong types, unknown fields) is rejected as a whole with 400; "
                    + "so are requests over `seqtag.batch.max-documents` documents or "
                    + "`seqtag.batch.max-total-chars` characters in total, with 413.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "batch", value = TagExamples.BATCH_REQUEST))))
    @ApiResponse(responseCode = "200", description = "Every document answered, each with its tags or its own error",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = BatchTagResponse.class),
                    examples = @ExampleObject(name = "results", value = TagExamples.BATCH_RESPONSE)))
    @ApiResponse(responseCode = "400", description = "No documents, unknown offsetUnit, malformed JSON")
    @ApiResponse(responseCode = "413", description = "More documents than seqtag.batch.max-documents or more "
            + "characters in total than seqtag.batch.max-total-chars")
    @ModelRoute
    @PostMapping(path = "/tag/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public BatchTagResponse tagBatch(@RequestBody BatchTagRequest request) {
        if (request == null || request.documents() == null) {
            throw ApiException.badRequest("the body must be a JSON object with \"documents\": an array of "
                    + "{\"text\": ...} or {\"tokens\": [...]} objects");
        }
        List<BatchTagRequest.Document> documents = request.documents();
        if (documents.isEmpty()) {
            throw ApiException.badRequest("\"documents\" is empty; send at least one document");
        }
        long totalChars = 0;
        for (BatchTagRequest.Document document : documents) {
            totalChars += document == null ? 0 : DocumentRules.length(document.text(), document.tokens());
        }
        rules.checkBatch(documents.size(), totalChars, "documents");

        BatchTagResponse.Result[] results = new BatchTagResponse.Result[documents.size()];
        List<DocumentInput> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            BatchTagRequest.Document document = documents.get(i);
            String field = "documents[" + i + "]";
            try {
                if (document == null) {
                    throw ApiException.badRequest("\"" + field + "\" is null; send {\"text\": ...} or {\"tokens\": [...]}");
                }
                valid.add(rules.document(document.text(), document.tokens(), field + "."));
                positions.add(i);
            } catch (ApiException e) {
                results[i] = BatchTagResponse.Failure.of(e);
            }
        }
        // A batch of only rejected documents needs no model (and gets its errors even while one loads).
        List<TaggedDocument> tagged = valid.isEmpty() ? List.of() : tagger.tagAll(valid);
        for (int k = 0; k < tagged.size(); k++) {
            results[positions.get(k)] = TagResponse.of(tagged.get(k), request.offsetUnitOrDefault());
        }
        return new BatchTagResponse(List.of(results));
    }
}
