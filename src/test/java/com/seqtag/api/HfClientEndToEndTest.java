package com.seqtag.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.ServiceTestBase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /hf/token-classification} over real HTTP, read by the official Hugging Face
 * JavaScript client ({@code @huggingface/inference}, pinned in {@code src/test/hf-client}). Node
 * and npm are required: without them this test fails, it does not skip.
 */
class HfClientEndToEndTest extends ServiceTestBase {

    private static final Path CLIENT = Path.of("src/test/hf-client");
    private static final String ROUTE = "/hf/token-classification";

    @Test
    void theOfficialJavaScriptClientGetsEntityGroupsWithCodePointOffsets() throws Exception {
        if (!Files.isDirectory(CLIENT.resolve("node_modules/@huggingface/inference"))) {
            Run install = run(Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exitCode()).as("npm ci in %s:%n%s", CLIENT, install.output()).isZero();
        }

        Run check = run(Duration.ofMinutes(2), "node", "check-token-classification.mjs",
                "http://localhost:" + port + ROUTE);

        assertThat(check.exitCode()).as("the client's checks:%n%s", check.output()).isZero();
        JsonNode printed = HttpTestClient.json(check.stdout());
        String text = printed.get("text").asText();
        JsonNode answers = printed.get("answers");

        JsonNode groups = answers.get("default");
        assertThat(groups).extracting(g -> g.get("word").asText() + "/" + g.get("entity_group").asText())
                .contains("Anna Berg/PER", "Oslo/LOC", "Tom Lund/PER", "Paris/LOC");
        JsonNode anna = find(groups, "Anna Berg");
        // Two emoji and a space precede "Anna": 3 code points, though 5 UTF-16 units.
        assertThat(anna.get("start").asInt()).isEqualTo(3).isEqualTo(text.codePointCount(0, text.indexOf("Anna")));
        assertThat(anna.get("end").asInt()).isEqualTo(12);
        JsonNode paris = find(groups, "Paris");
        assertThat(paris.get("start").asInt()).isEqualTo(text.codePointCount(0, text.indexOf("Paris")));
        for (String strategy : List.of("simple", "first", "average", "max")) {
            assertThat(answers.get(strategy)).as(strategy).isEqualTo(groups);
        }
        assertThat(answers.get("ignorePeople")).extracting(g -> g.get("entity_group").asText())
                .doesNotContain("PER", "O").contains("LOC");
        assertThat(answers.get("noneThroughClient").asText()).contains("expected Array<{end: number, entity_group");

        JsonNode error = answers.get("blankInputError");
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("message").asText()).contains("\"inputs\" is empty or only whitespace");
    }

    @Test
    void rawRequestsGetTokensForNoneAndAListPerInput() {
        String text = "\uD83D\uDE80 Tom Lund visited Paris .";
        HttpResponse<String> none = http.postJson(ROUTE, "{\"inputs\": " + quote(text)
                + ", \"parameters\": {\"aggregation_strategy\": \"none\"}}");
        assertThat(none.statusCode()).as(none.body()).isEqualTo(200);
        JsonNode tokens = HttpTestClient.json(none);
        assertThat(tokens).extracting(t -> t.get("word").asText() + "/" + t.get("entity").asText())
                .contains("Tom/B-PER", "Lund/I-PER", "Paris/B-LOC");
        JsonNode tom = find(tokens, "Tom");
        assertThat(tom.get("index").asInt()).as("after the emoji token").isEqualTo(1);
        assertThat(tom.get("start").asInt()).isEqualTo(2);
        assertThat(tom.get("end").asInt()).isEqualTo(5);

        HttpResponse<String> list = http.postJson(ROUTE, "{\"inputs\": [" + quote(text) + ", \"Anna Berg left .\"]}");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode lists = HttpTestClient.json(list);
        assertThat(lists).hasSize(2);
        assertThat(lists.get(0)).extracting(g -> g.get("word").asText()).contains("Tom Lund", "Paris");
        assertThat(lists.get(1)).extracting(g -> g.get("word").asText()).contains("Anna Berg");

        JsonNode problem = assertProblem(http.postJson(ROUTE, "{\"inputs\": [\"Oslo\", \" \"]}"), 400,
                "\"inputs[1]\" is empty or only whitespace");
        assertThat(problem.get("error").asText()).isEqualTo(problem.get("detail").asText());
        assertProblem(http.postJson(ROUTE, "{\"inputs\": [" + "\"Oslo\", ".repeat(5) + "\"Oslo\"]}"), 413,
                "(seqtag.batch.max-documents) is 5");
        assertProblem(http.postJson(ROUTE, "{\"inputs\": \"" + "x ".repeat(1001) + "\"}"), 413,
                "(seqtag.max-text-chars) is 2000");
    }

    @Test
    void theOpenApiDocumentDescribesTheRouteAndInputsAsAStringOrAnArray() {
        HttpResponse<String> response = http.get("/v3/api-docs");
        assertThat(response.body()).contains("\"" + ROUTE + "\"", "\"HfEntityGroup\"", "\"HfTokenPrediction\"",
                "aggregation_strategy", "ignore_labels", "Peter Blackburn");
        JsonNode schemas = HttpTestClient.json(response).get("components").get("schemas");
        JsonNode inputs = schemas.get("HfTokenClassificationRequest").get("properties").get("inputs");
        assertThat(inputs.has("type")).as("inputs claims one type: %s", inputs).isFalse();
        assertThat(inputs.get("oneOf")).extracting(shape -> shape.get("type").asText()).containsExactly("string", "array");
        assertThat(schemas.get("HfTokenClassificationParameters").get("properties").get("aggregation_strategy")
                .get("enum")).extracting(JsonNode::asText).containsExactly("none", "simple", "first", "average", "max");
    }

    private static JsonNode find(JsonNode predictions, String word) {
        for (JsonNode prediction : predictions) {
            if (prediction.get("word").asText().equals(word)) {
                return prediction;
            }
        }
        throw new AssertionError("no prediction for \"" + word + "\" in " + predictions);
    }

    /** Runs a command in the client directory; a missing node or npm fails the test with a clear reason. */
    private static Run run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("hf-client", ".out");
        Path stderr = Files.createTempFile("hf-client", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(CLIENT.toFile())
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("cannot run " + command[0] + " (Node.js 18+ and npm are required for this "
                        + "test): " + e.getMessage(), e);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** A finished command. */
    private record Run(int exitCode, String stdout, String stderr) {

        String output() {
            List<String> parts = new ArrayList<>();
            parts.add("stdout: " + stdout);
            parts.add("stderr: " + stderr);
            return String.join("\n", parts);
        }
    }
}
