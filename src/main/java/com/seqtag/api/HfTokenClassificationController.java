package com.seqtag.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.seqtag.api.edge.ApiException;
import com.seqtag.api.edge.ModelRoute;
import com.seqtag.inference.DocumentInput;
import com.seqtag.inference.DocumentTagger;
import com.seqtag.inference.TaggedDocument;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /hf/token-classification}: the Hugging Face Inference API's token-classification
 * contract, so its clients can point at this service unchanged.
 */
@RestController
@Tag(name = "Hugging Face compatible", description = "Drop-in route for Hugging Face token-classification clients")
public class HfTokenClassificationController {

    private static final Set<String> DEFAULT_IGNORE_LABELS = Set.of("O");

    private final DocumentTagger tagger;
    private final DocumentRules rules;

    public HfTokenClassificationController(DocumentTagger tagger, DocumentRules rules) {
        this.tagger = tagger;
        this.rules = rules;
    }

    @Operation(summary = "Token classification as the Hugging Face Inference API answers it",
            description = "Accepts `{\"inputs\": text | [texts], \"parameters\": {\"aggregation_strategy\", "
                    + "\"ignore_labels\", \"stride\"}}`. With `aggregation_strategy` `none` the answer lists tokens "
                    + "`{entity, score, index, word, start, end}`; with `simple` (the default, as on the Hugging Face "
                    + "Inference API), `first`, `average` or `max` it lists entity groups `{entity_group, score, word, "
                    + "start, end}`. `start`/`end` count code points (Python string indices). An array of inputs is "
                    + "answered with an array of lists, in order. Errors are problem+json with the message also in "
                    + "`error`, where Hugging Face clients look for it.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                        @ExampleObject(name = "grouped (default)", value = HfExamples.SIMPLE_REQUEST),
                        @ExampleObject(name = "tokens", value = HfExamples.NONE_REQUEST),
                        @ExampleObject(name = "several inputs", value = HfExamples.LIST_REQUEST)})))
    @ApiResponse(responseCode = "200", description = "A list of predictions, or a list of lists for an array of inputs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    array = @ArraySchema(schema = @Schema(type = "object", oneOf = {
                        HfTokenClassificationResults.EntityGroup.class,
                        HfTokenClassificationResults.TokenPrediction.class})),
                    examples = {
                        @ExampleObject(name = "grouped (default)", value = HfExamples.SIMPLE_RESPONSE),
                        @ExampleObject(name = "tokens", value = HfExamples.NONE_RESPONSE),
                        @ExampleObject(name = "several inputs", value = HfExamples.LIST_RESPONSE)}))
    @ApiResponse(responseCode = "400", description = "Missing or blank inputs, unknown aggregation_strategy, "
            + "negative stride, malformed JSON")
    @ApiResponse(responseCode = "413", description = "A text longer than seqtag.max-text-chars, or more inputs or "
            + "characters than seqtag.batch.max-documents / seqtag.batch.max-total-chars")
    @ModelRoute
    @PostMapping(path = "/hf/token-classification", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public List<?> classify(@RequestBody HfTokenClassificationRequest request) {
        if (request == null) {
            throw ApiException.badRequest("the body must be a JSON object with \"inputs\": a string or an array of strings");
        }
        HfTokenClassificationRequest.Parameters parameters = request.parametersOrDefault();
        HfTokenClassificationRequest.AggregationStrategy strategy = parameters.aggregationStrategy() == null
                ? HfTokenClassificationRequest.AggregationStrategy.SIMPLE
                : parameters.aggregationStrategy();
        Set<String> ignoreLabels = ignoreLabels(parameters.ignoreLabels());
        if (parameters.stride() != null && parameters.stride() < 0) {
            throw ApiException.badRequest("\"parameters.stride\" is " + parameters.stride() + "; it must not be negative");
        }

        JsonNode inputs = request.inputs();
        if (inputs == null || inputs.isNull()) {
            throw ApiException.badRequest("send \"inputs\": a string, or an array of strings");
        }
        if (inputs.isTextual()) {
            TaggedDocument document = tagger.tagAll(List.of(rules.text(inputs.textValue(), "inputs"))).get(0);
            return HfTokenClassificationResults.of(document, strategy, ignoreLabels);
        }
        if (!inputs.isArray()) {
            throw ApiException.badRequest("\"inputs\" must be a string or an array of strings, not " + describe(inputs));
        }
        if (inputs.isEmpty()) {
            throw ApiException.badRequest("\"inputs\" is an empty array; send at least one text");
        }
        long totalChars = 0;
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).isTextual()) {
                throw ApiException.badRequest("\"inputs[" + i + "]\" must be a string, not " + describe(inputs.get(i)));
            }
            totalChars += inputs.get(i).textValue().length();
        }
        rules.checkBatch(inputs.size(), totalChars, "inputs");
        // The answer has no place for one input's error, so any bad input fails the request, named by index.
        List<DocumentInput> documents = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            documents.add(rules.text(inputs.get(i).textValue(), "inputs[" + i + "]"));
        }
        return tagger.tagAll(documents).stream()
                .map(document -> HfTokenClassificationResults.of(document, strategy, ignoreLabels))
                .toList();
    }

    private static Set<String> ignoreLabels(List<String> labels) {
        if (labels == null) {
            return DEFAULT_IGNORE_LABELS;
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) == null) {
                throw ApiException.badRequest("\"parameters.ignore_labels[" + i + "]\" is null; send label names");
            }
        }
        return Set.copyOf(labels);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
