package com.seqtag.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.ServiceTestBase;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /tag/batch} over real HTTP: the same answers as {@code POST /tag}, errors in place, limits. */
class BatchTagEndToEndTest extends ServiceTestBase {

    /** Five documents (the configured maximum) of different lengths, raw and pre-tokenized, some with emoji. */
    private static final List<String> DOCUMENTS = List.of(
            "{\"text\": \"Anna Berg visited Oslo on Friday.\\n\\nAcme Corp hired Tom Lund in Paris .\"}",
            "{\"tokens\": [\"Maria\", \"Solis\", \"visited\", \"Lima\", \".\"]}",
            "{\"text\": \"\\uD83C\\uDF89\\uD83D\\uDC4D Jonas Krell joined Norvik Bank . Talks in Berlin ended on Tuesday .\"}",
            "{\"text\": \"Oslo\"}",
            "{\"tokens\": [\"\\uD83D\\uDE80\", \"German\", \"officials\", \"met\", \"Danish\", \"traders\", \".\"]}");

    @Test
    void eachDocumentGetsExactlyTheAnswerPostTagGivesItAlone() {
        for (String unit : List.of("utf16", "codepoint")) {
            HttpResponse<String> response = http.postJson("/tag/batch",
                    "{\"documents\": [" + String.join(", ", DOCUMENTS) + "], \"offsetUnit\": \"" + unit + "\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode results = HttpTestClient.json(response).get("results");
            assertThat(results).hasSize(DOCUMENTS.size());
            for (int i = 0; i < DOCUMENTS.size(); i++) {
                String single = DOCUMENTS.get(i).substring(0, DOCUMENTS.get(i).length() - 1)
                        + ", \"offsetUnit\": \"" + unit + "\"}";
                HttpResponse<String> alone = http.postJson("/tag", single);
                assertThat(alone.statusCode()).isEqualTo(200);
                assertSameAnswer(results.get(i), HttpTestClient.json(alone));
            }
        }
    }

    @Test
    void aRejectedDocumentGetsItsErrorInItsPositionAndTheOthersAreStillTagged() {
        HttpResponse<String> response = http.postJson("/tag/batch", "{\"documents\": ["
                + "{\"text\": \"Anna Berg visited Oslo .\"}, "
                + "{\"text\": \"   \"}, "
                + "{\"text\": \"Oslo\", \"tokens\": [\"Oslo\"]}, "
                + "{\"tokens\": [\"Tom\", \"Lund\"]}, "
                + "{\"text\": \"" + "x ".repeat(1001) + "\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode results = HttpTestClient.json(response).get("results");
        assertThat(results).hasSize(5);
        assertThat(results.get(0).get("tokens")).hasSize(5);
        assertThat(fieldNames(results.get(1))).containsExactly("error");
        assertThat(results.get(1).get("error").get("status").asInt()).isEqualTo(400);
        assertThat(results.get(1).get("error").get("detail").asText()).contains("\"documents[1].text\" is empty");
        assertThat(results.get(2).get("error").get("detail").asText()).contains("not both");
        assertThat(results.get(3).get("tokens")).extracting(t -> t.get("text").asText()).containsExactly("Tom", "Lund");
        assertThat(results.get(4).get("error").get("status").asInt()).isEqualTo(413);
        assertThat(results.get(4).get("error").get("detail").asText()).contains("(seqtag.max-text-chars) is 2000");
    }

    @Test
    void aBatchOverItsLimitsIsRejectedAsAWholeWith413NamingTheLimit() {
        assertProblem(http.postJson("/tag/batch", "{\"documents\": [" + "{\"text\": \"Oslo\"}, ".repeat(5)
                + "{\"text\": \"Oslo\"}]}"), 413, "the request has 6 documents; the limit (seqtag.batch.max-documents) is 5");
        String half = "{\"text\": \"" + "Oslo ".repeat(320) + "\"}";
        assertProblem(http.postJson("/tag/batch", "{\"documents\": [" + half + ", " + half + "]}"), 413,
                "the documents have 3200 characters in total; the limit (seqtag.batch.max-total-chars) is 3000");
        assertProblem(http.postJson("/tag/batch", "{\"documents\": []}"), 400, "\"documents\" is empty");
        assertProblem(http.postJson("/tag/batch", "{\"documents\": [{\"text\": 1}]}"), 400,
                "\"documents[0].text\" must be a string");
    }

    @Test
    void theOpenApiDocumentDescribesTheBatchAndItsErrorEntries() {
        HttpResponse<String> response = http.get("/v3/api-docs");
        assertThat(response.body()).contains("\"/tag/batch\"", "\"BatchProblem\"", "seqtag.batch.max-documents");
        JsonNode schemas = HttpTestClient.json(response).get("components").get("schemas");
        JsonNode items = schemas.get("BatchTagResponse").get("properties").get("results").get("items");
        assertThat(items.get("oneOf")).extracting(ref -> ref.get("$ref").asText()).containsExactlyInAnyOrder(
                "#/components/schemas/TagResponse", "#/components/schemas/BatchFailure");
        assertThat(schemas.get("BatchTagRequest").get("properties").get("offsetUnit").get("enum"))
                .extracting(JsonNode::asText).containsExactly("utf16", "codepoint");
    }

    /** Same tokens, labels, offsets and entities; scores equal up to float summation order. */
    private static void assertSameAnswer(JsonNode batched, JsonNode alone) {
        assertThat(withoutScores(batched)).isEqualTo(withoutScores(alone));
        List<Double> batchedScores = batched.findValues("score").stream().map(JsonNode::asDouble).toList();
        List<Double> aloneScores = alone.findValues("score").stream().map(JsonNode::asDouble).toList();
        assertThat(batchedScores).hasSameSizeAs(aloneScores);
        for (int i = 0; i < aloneScores.size(); i++) {
            assertThat(batchedScores.get(i)).isCloseTo(aloneScores.get(i), within(1e-5));
        }
    }

    private static JsonNode withoutScores(JsonNode response) {
        JsonNode copy = response.deepCopy();
        for (String list : List.of("tokens", "entities")) {
            copy.get(list).forEach(item -> ((ObjectNode) item).remove("score"));
        }
        return copy;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            names.add(fields.next().getKey());
        }
        return names;
    }
}
