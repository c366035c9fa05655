package com.seqtag.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.seqtag.data.IobCodec;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.ServiceTestBase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@code POST /tag} and the OpenAPI document over real HTTP, serving a tiny model trained for the test. */
class TagEndToEndTest extends ServiceTestBase {

    @Test
    void tagsTwoSentencesWithOffsetsIntoTheOriginalText() {
        String text = "Anna Berg visited Oslo on Friday.\n\tAcme Corp hired Tom Lund in\u00a0Paris .";
        HttpResponse<String> response = http.postJson("/tag", "{\"text\": " + quote(text) + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = HttpTestClient.json(response);
        assertThat(body.get("model").asText()).isEqualTo(models().manifest().version());
        List<String> labels = new ArrayList<>();
        for (JsonNode token : body.get("tokens")) {
            assertThat(text.substring(token.get("start").asInt(), token.get("end").asInt()))
                    .isEqualTo(token.get("text").asText());
            assertThat(token.get("score").asDouble()).isBetween(0.0, 1.0);
            assertThat(token.has("unk")).isTrue();
            labels.add(token.get("label").asText());
        }
        assertThat(body.get("tokens")).extracting(t -> t.get("text").asText())
                .containsExactly("Anna", "Berg", "visited", "Oslo", "on", "Friday", ".",
                        "Acme", "Corp", "hired", "Tom", "Lund", "in", "Paris", ".");
        assertThat(IobCodec.isValid(labels)).isTrue();
        for (JsonNode entity : body.get("entities")) {
            assertThat(text.substring(entity.get("start").asInt(), entity.get("end").asInt()))
                    .isEqualTo(entity.get("text").asText());
        }
        assertThat(body.get("entities")).extracting(e -> e.get("text").asText() + "/" + e.get("type").asText())
                .contains("Anna Berg/PER", "Oslo/LOC");
    }

    @Test
    void answersAreSentWholeWithContentLengthSoAReplicaKilledMidAnswerCannotCutOneShort() {
        HttpResponse<String> tagged = http.postJson("/tag", "{\"text\": \"Anna Berg visited Oslo.\"}");
        HttpResponse<String> refused = http.postJson("/tag", "{\"text\": ");

        assertThat(tagged.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(400);
        for (HttpResponse<String> response : List.of(tagged, refused)) {
            assertThat(response.headers().firstValue("Transfer-Encoding")).as("not chunked").isEmpty();
            assertThat(response.headers().firstValueAsLong("Content-Length"))
                    .hasValue(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void tagsPreTokenizedInputWithOffsetsIntoTheJoinedTokens() {
        HttpResponse<String> response = http.postJson("/tag", "{\"tokens\": [\"Tom\", \"Lund\", \"visited\", \"Oslo\", \".\"]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode tokens = HttpTestClient.json(response).get("tokens");
        assertThat(tokens).extracting(t -> t.get("start").asInt()).containsExactly(0, 4, 9, 17, 22);
        assertThat(tokens).extracting(t -> t.get("end").asInt()).containsExactly(3, 8, 16, 21, 23);
    }

    @Test
    void offsetsCountCodePointsWhenAskedSoPythonSlicesWorkAfterEmoji() {
        // Emoji and a CJK extension B ideograph (outside the BMP) before, between and inside entities' sentences.
        String text = "\uD83C\uDF89\uD83D\uDC4D Anna Berg visited Oslo on Friday. \uD840\uDC0B \uD83D\uDE80 "
                + "Acme Corp hired Tom Lund in Paris \uD83C\uDDEB\uD83C\uDDF7 .";
        int[] codePoints = text.codePoints().toArray();

        JsonNode utf16 = HttpTestClient.json(http.postJson("/tag", "{\"text\": " + quote(text) + "}"));
        HttpResponse<String> response = http.postJson("/tag",
                "{\"text\": " + quote(text) + ", \"offsetUnit\": \"codepoint\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode codepoint = HttpTestClient.json(response);

        assertThat(codepoint.get("tokens")).hasSameSizeAs(utf16.get("tokens"));
        for (int i = 0; i < codepoint.get("tokens").size(); i++) {
            JsonNode token = codepoint.get("tokens").get(i);
            JsonNode same = utf16.get("tokens").get(i);
            assertThat(slice(codePoints, token.get("start").asInt(), token.get("end").asInt()))
                    .isEqualTo(token.get("text").asText());
            assertThat(text.substring(same.get("start").asInt(), same.get("end").asInt()))
                    .isEqualTo(same.get("text").asText());
            assertThat(token.get("label")).isEqualTo(same.get("label"));
        }
        assertThat(codepoint.get("entities")).isNotEmpty();
        for (JsonNode entity : codepoint.get("entities")) {
            assertThat(slice(codePoints, entity.get("start").asInt(), entity.get("end").asInt()))
                    .isEqualTo(entity.get("text").asText());
        }
        JsonNode anna = codepoint.get("tokens").get(2);
        assertThat(anna.get("text").asText()).isEqualTo("Anna");
        assertThat(anna.get("start").asInt()).isEqualTo(3);
        assertThat(utf16.get("tokens").get(2).get("start").asInt()).isEqualTo(5);
    }

    @Test
    void aLongMultiSentenceDocumentNearTheLimitKeepsEveryToken() {
        // 1,990 of the 2,000 characters allowed: 91 short sentences (more than one forward pass takes)
        // and one sentence of 261 tokens (more than seqtag.inference.max-sentence-tokens, 256).
        String text = "Tom ran. ".repeat(91) + "Anna Berg met Tom ".repeat(65) + ".";
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 91; i++) {
            expected.addAll(List.of("Tom", "ran", "."));
        }
        for (int i = 0; i < 65; i++) {
            expected.addAll(List.of("Anna", "Berg", "met", "Tom"));
        }
        expected.add(".");
        assertThat(text).hasSize(1990);

        HttpResponse<String> response = http.postJson("/tag", "{\"text\": " + quote(text) + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode tokens = HttpTestClient.json(response).get("tokens");
        assertThat(tokens).extracting(t -> t.get("text").asText()).containsExactlyElementsOf(expected);
        for (JsonNode token : tokens) {
            assertThat(text.substring(token.get("start").asInt(), token.get("end").asInt()))
                    .isEqualTo(token.get("text").asText());
        }
        assertThat(tokens.get(tokens.size() - 1).get("end").asInt()).isEqualTo(text.length());
        assertProblem(http.postJson("/tag", "{\"text\": " + quote(text + " Oslo is far .") + "}"), 413,
                "limit (seqtag.max-text-chars) is 2000");
    }

    @Test
    void parallelRequestsGetTheSameAnswersAsSequentialOnes() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            bodies.add("{\"text\": \"Visitor " + i + " met Anna Berg and Tom Lund of Acme Corp in Oslo . "
                    + "Talks in Paris ended .\"}");
        }
        List<String> sequential = new ArrayList<>();
        for (String body : bodies) {
            sequential.add(http.postJson("/tag", body).body());
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (String body : bodies) {
                futures.add(pool.submit(() -> http.postJson("/tag", body)));
            }
            for (int i = 0; i < bodies.size(); i++) {
                HttpResponse<String> response = futures.get(i).get();
                assertThat(response.statusCode()).isEqualTo(200);
                assertSameAnswer(HttpTestClient.json(response), HttpTestClient.json(sequential.get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Concurrent requests share forward passes, which changes only the summation order of float
     * products: everything but the scores' last digits must match.
     */
    private static void assertSameAnswer(JsonNode together, JsonNode alone) {
        assertThat(together.get("model")).isEqualTo(alone.get("model"));
        for (String part : List.of("tokens", "entities")) {
            assertThat(together.get(part)).hasSameSizeAs(alone.get(part));
            for (int i = 0; i < alone.get(part).size(); i++) {
                ObjectNode a = together.get(part).get(i).deepCopy();
                ObjectNode b = alone.get(part).get(i).deepCopy();
                assertThat(a.remove("score").asDouble()).isCloseTo(b.remove("score").asDouble(), within(1e-5));
                assertThat(a).isEqualTo(b);
            }
        }
    }

    @Test
    void rejectsBadInputWithProblemDetails() {
        assertProblem(http.postJson("/tag", "{\"text\": \"   \\n\\t \"}"), 400, "empty or only whitespace");
        assertProblem(http.postJson("/tag", "{\"text\": \"a\", \"tokens\": [\"a\"]}"), 400, "not both");
        assertProblem(http.postJson("/tag", "{}"), 400, "\"text\"");
        assertProblem(http.postJson("/tag", "{\"tokens\": []}"), 400, "empty");
        assertProblem(http.postJson("/tag", "{\"tokens\": [\"two words\"]}"), 400, "whitespace");
        assertProblem(http.postJson("/tag", "{\"tokens\": [\"ok\", \"\"]}"), 400, "tokens[1]");
        assertProblem(http.postJson("/tag", "{\"text\": \"unterminated"), 400, "malformed JSON");
        assertProblem(http.postJson("/tag", "{\"text\": 42}"), 400, "\"text\" must be a string");
        assertProblem(http.postJson("/tag", "{\"tokens\": \"Oslo\"}"), 400, "\"tokens\" must be an array");
        assertProblem(http.postJson("/tag", "{\"txt\": \"Oslo\"}"), 400, "unknown field \"txt\"");
        assertProblem(http.postJson("/tag", ""), 400, "empty");
        assertProblem(http.post("/tag", "text/plain", "Oslo"), 415, "text/plain");
        assertProblem(http.postJson("/tag", "{\"text\": \"" + "x ".repeat(1001) + "\"}"), 413, "2000");
    }

    @Test
    void servesTheOpenApiDocumentWithTagExamplesAndSwaggerUi() {
        HttpResponse<String> docs = http.get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("\"/tag\"", "Peter Blackburn", "\"tokens\"");
        HttpResponse<String> ui = http.get("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(http.get("/swagger-ui.html").statusCode()).isIn(200, 302);
    }

    private static String slice(int[] codePoints, int start, int end) {
        return new String(codePoints, start, end - start);
    }
}
