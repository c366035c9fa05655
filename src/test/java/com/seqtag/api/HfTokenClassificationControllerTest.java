package com.seqtag.api;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.seqtag.api.edge.JsonConfiguration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The Hugging Face route's shapes, parameters and errors, in a web slice over a real tiny model. */
@WebMvcTest(HfTokenClassificationController.class)
@Import({TagControllerTest.TinyModelConfiguration.class, ApiConfiguration.class, JsonConfiguration.class})
@TestPropertySource(properties = {
    "seqtag.max-text-chars=50",
    "seqtag.batch.max-documents=3",
    "seqtag.batch.max-total-chars=80"})
class HfTokenClassificationControllerTest {

    private static final String TEXT = "Anna Berg visited Oslo .";

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Test
    void groupsEntitiesByDefaultWithExactlyTheHuggingFaceFields() throws Exception {
        JsonNode groups = answer("{\"inputs\": \"" + TEXT + "\"}");

        Assertions.assertThat(groups.isArray()).isTrue();
        Assertions.assertThat(groups).isNotEmpty();
        for (JsonNode group : groups) {
            Assertions.assertThat(fieldNames(group)).containsExactly("entity_group", "score", "word", "start", "end");
            Assertions.assertThat(group.get("entity_group").asText()).isNotEqualTo("O");
            Assertions.assertThat(TEXT.substring(group.get("start").asInt(), group.get("end").asInt()))
                    .isEqualTo(group.get("word").asText());
        }
        Assertions.assertThat(groups).extracting(g -> g.get("word").asText() + "/" + g.get("entity_group").asText())
                .contains("Anna Berg/PER", "Oslo/LOC");
    }

    @Test
    void noneListsEveryTokenNotIgnoredWithItsLabelAndIndex() throws Exception {
        JsonNode tokens = answer("{\"inputs\": \"" + TEXT + "\", \"parameters\": {\"aggregation_strategy\": \"none\"}}");
        JsonNode all = answer("{\"inputs\": \"" + TEXT + "\", \"parameters\": {\"aggregation_strategy\": \"none\", "
                + "\"ignore_labels\": []}}");

        Assertions.assertThat(all).extracting(t -> t.get("word").asText())
                .containsExactly("Anna", "Berg", "visited", "Oslo", ".");
        Assertions.assertThat(all).extracting(t -> t.get("index").asInt()).containsExactly(0, 1, 2, 3, 4);
        Assertions.assertThat(fieldNames(all.get(0))).containsExactly("entity", "score", "index", "word", "start", "end");
        Assertions.assertThat(all.get(3).get("start").asInt()).isEqualTo(18);
        List<JsonNode> notOutside = new ArrayList<>();
        all.forEach(t -> {
            if (!t.get("entity").asText().equals("O")) {
                notOutside.add(t);
            }
        });
        Assertions.assertThat(tokens).containsExactlyElementsOf(notOutside);
        Assertions.assertThat(tokens).extracting(t -> t.get("entity").asText()).contains("B-PER", "I-PER", "B-LOC");
    }

    @Test
    void ignoreLabelsFiltersGroupsByTypeAndAnEmptyListKeepsOutsideRuns() throws Exception {
        JsonNode withoutPeople = answer("{\"inputs\": \"" + TEXT + "\", \"parameters\": {\"ignore_labels\": [\"O\", \"PER\"]}}");
        Assertions.assertThat(withoutPeople).extracting(g -> g.get("entity_group").asText()).doesNotContain("PER", "O")
                .contains("LOC");

        JsonNode everything = answer("{\"inputs\": \"" + TEXT + "\", \"parameters\": {\"ignore_labels\": []}}");
        // The groups then cover the whole text: PER, the outside run "visited", LOC, the outside ".".
        Assertions.assertThat(everything).extracting(g -> g.get("word").asText())
                .containsExactly("Anna Berg", "visited", "Oslo", ".");
        Assertions.assertThat(everything.get(1).get("entity_group").asText()).isEqualTo("O");

        // With "none", ignore_labels names token labels: "PER" does not match "B-PER".
        JsonNode tokens = answer("{\"inputs\": \"" + TEXT + "\", \"parameters\": {\"aggregation_strategy\": \"none\", "
                + "\"ignore_labels\": [\"O\", \"PER\", \"I-PER\"]}}");
        Assertions.assertThat(tokens).extracting(t -> t.get("entity").asText()).containsExactly("B-PER", "B-LOC");
    }

    @Test
    void theWordLevelStrategiesAnswerWhatSimpleDoesBecauseEveryWordIsOneToken() throws Exception {
        JsonNode simple = answer("{\"inputs\": \"" + TEXT + "\", \"parameters\": {\"aggregation_strategy\": \"simple\"}}");
        for (String strategy : List.of("first", "average", "max", "SIMPLE", "Max")) {
            Assertions.assertThat(answer("{\"inputs\": \"" + TEXT + "\", \"parameters\": {\"aggregation_strategy\": \""
                    + strategy + "\"}}")).as(strategy).isEqualTo(simple);
        }
        Assertions.assertThat(answer("{\"inputs\": \"" + TEXT + "\"}")).isEqualTo(simple);
        Assertions.assertThat(answer("{\"inputs\": \"" + TEXT + "\", \"parameters\": {\"stride\": 16}}")).isEqualTo(simple);
    }

    @Test
    void offsetsCountCodePointsAsPythonDoes() throws Exception {
        // Two emoji (two UTF-16 units each) before the entities.
        JsonNode groups = answer("{\"inputs\": \"\\uD83C\\uDF89\\uD83D\\uDC4D Anna Berg visited Oslo .\"}");
        JsonNode anna = groups.get(0);
        Assertions.assertThat(anna.get("word").asText()).isEqualTo("Anna Berg");
        Assertions.assertThat(anna.get("start").asInt()).isEqualTo(3);
        Assertions.assertThat(anna.get("end").asInt()).isEqualTo(12);
    }

    @Test
    void anArrayOfInputsIsAnsweredWithAListPerInputInOrder() throws Exception {
        JsonNode lists = answer("{\"inputs\": [\"" + TEXT + "\", \"Tom Lund visited Paris .\", \"Oslo\"]}");

        Assertions.assertThat(lists).hasSize(3);
        Assertions.assertThat(lists.get(0)).isEqualTo(answer("{\"inputs\": \"" + TEXT + "\"}"));
        Assertions.assertThat(lists.get(1)).isEqualTo(answer("{\"inputs\": \"Tom Lund visited Paris .\"}"));
        Assertions.assertThat(lists.get(2).isArray()).isTrue();
    }

    @Test
    void rejectsMissingOrMalformedInputs() throws Exception {
        problem(classify("{}"), 400, "send \"inputs\"");
        problem(classify("{\"inputs\": null}"), 400, "send \"inputs\"");
        problem(classify("null"), 400, "JSON object");
        problem(classify("{\"inputs\": 42}"), 400, "\"inputs\" must be a string or an array of strings, not a number");
        problem(classify("{\"inputs\": {\"text\": \"Oslo\"}}"), 400, "not an object");
        problem(classify("{\"inputs\": []}"), 400, "\"inputs\" is an empty array");
        problem(classify("{\"inputs\": [\"Oslo\", 7]}"), 400, "\"inputs[1]\" must be a string, not a number");
        problem(classify("{\"inputs\": \" \\n \"}"), 400, "\"inputs\" is empty or only whitespace");
        problem(classify("{\"inputs\": [\"Oslo\", \"\"]}"), 400, "\"inputs[1]\" is empty or only whitespace");
        problem(classify("{\"inputs\": \"Oslo\", \"options\": {}}"), 400, "unknown field \"options\"");
        problem(classify("{\"inputs\": "), 400, "malformed JSON");
        problem(mvc.perform(post("/hf/token-classification").contentType(MediaType.TEXT_PLAIN).content("Oslo")),
                415, "text/plain");
    }

    @Test
    void rejectsBadParametersNamingWhatIsAllowed() throws Exception {
        problem(classify("{\"inputs\": \"Oslo\", \"parameters\": {\"aggregation_strategy\": \"longest\"}}"), 400,
                "\"parameters.aggregation_strategy\" must be one of \"none\", \"simple\", \"first\", \"average\", "
                        + "\"max\", not \"longest\"");
        problem(classify("{\"inputs\": \"Oslo\", \"parameters\": {\"aggregation_strategy\": 1}}"), 400,
                "one of \"none\", \"simple\"");
        problem(classify("{\"inputs\": \"Oslo\", \"parameters\": {\"ignore_labels\": \"O\"}}"), 400,
                "\"parameters.ignore_labels\" must be an array");
        problem(classify("{\"inputs\": \"Oslo\", \"parameters\": {\"ignore_labels\": [null]}}"), 400,
                "\"parameters.ignore_labels[0]\" is null");
        problem(classify("{\"inputs\": \"Oslo\", \"parameters\": {\"stride\": -1}}"), 400, "must not be negative");
        problem(classify("{\"inputs\": \"Oslo\", \"parameters\": {\"grouped_entities\": true}}"), 400,
                "unknown field \"grouped_entities\"; known fields: aggregation_strategy, ignore_labels, stride");
    }

    @Test
    void rejectsInputsOverTheLimitsWith413NamingTheLimit() throws Exception {
        problem(classify("{\"inputs\": \"" + "a".repeat(51) + "\"}"), 413, "(seqtag.max-text-chars) is 50");
        problem(classify("{\"inputs\": [\"Oslo\", \"" + "a".repeat(51) + "\"]}"), 413, "(seqtag.max-text-chars) is 50");
        problem(classify("{\"inputs\": [\"a\", \"b\", \"c\", \"d\"]}"), 413,
                "the request has 4 inputs; the limit (seqtag.batch.max-documents) is 3");
        problem(classify("{\"inputs\": [\"" + "a".repeat(45) + "\", \"" + "b".repeat(36) + "\"]}"), 413,
                "the inputs have 81 characters in total; the limit (seqtag.batch.max-total-chars) is 80");
    }

    private JsonNode answer(String body) throws Exception {
        String response = classify(body)
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString();
        return json.readTree(response);
    }

    private ResultActions classify(String body) throws Exception {
        return mvc.perform(post("/hf/token-classification").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** A problem whose detail is repeated in "error", where Hugging Face clients read it. */
    private static void problem(ResultActions result, int status, String detail) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.detail", containsString(detail)))
                .andExpect(jsonPath("$.error", containsString(detail)));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            names.add(fields.next());
        }
        return names;
    }
}
