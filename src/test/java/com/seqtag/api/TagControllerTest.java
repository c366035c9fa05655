package com.seqtag.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.seqtag.api.edge.JsonConfiguration;
import com.seqtag.config.SeqtagProperties;
import com.seqtag.inference.DocumentTagger;
import com.seqtag.inference.InferenceQueue;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.support.TinyModels;
import com.seqtag.text.SentenceSplitter;
import com.seqtag.text.Tokenizer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The controller and its error translation, in a web slice over a real tiny model. */
@WebMvcTest(TagController.class)
@Import({TagControllerTest.TinyModelConfiguration.class, ApiConfiguration.class, JsonConfiguration.class})
@TestPropertySource(properties = {
    "seqtag.max-text-chars=50",
    "seqtag.batch.max-documents=3",
    "seqtag.batch.max-total-chars=80"})
class TagControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    ModelRegistry registry;

    @Test
    void answersWithTokensEntitiesAndTheModelVersion() throws Exception {
        tag("{\"text\": \"Anna Berg visited Oslo .\"}")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.model").value(registry.active().version()))
                .andExpect(jsonPath("$.tokens", hasSize(5)))
                .andExpect(jsonPath("$.tokens[3].text").value("Oslo"))
                .andExpect(jsonPath("$.tokens[3].start").value(18))
                .andExpect(jsonPath("$.tokens[3].end").value(22))
                .andExpect(jsonPath("$.tokens[*].score", everyItem(greaterThanOrEqualTo(0.0))))
                .andExpect(jsonPath("$.entities").isArray());
    }

    @Test
    void acceptsTokens() throws Exception {
        tag("{\"tokens\": [\"Tom\", \"Lund\"]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tokens[1].start").value(4));
    }

    @Test
    void countsOffsetsInUtf16CodeUnitsByDefaultAndInCodePointsWhenAsked() throws Exception {
        // The emoji is one code point but two UTF-16 code units, so every later offset differs by one.
        String text = "\\uD83D\\uDE00 Anna Berg visited Oslo .";
        tag("{\"text\": \"" + text + "\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tokens[0].end").value(2))
                .andExpect(jsonPath("$.tokens[4].text").value("Oslo"))
                .andExpect(jsonPath("$.tokens[4].start").value(21));
        tag("{\"text\": \"" + text + "\", \"offsetUnit\": \"utf16\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tokens[4].start").value(21));
        tag("{\"text\": \"" + text + "\", \"offsetUnit\": \"codepoint\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tokens[0].start").value(0))
                .andExpect(jsonPath("$.tokens[0].end").value(1))
                .andExpect(jsonPath("$.tokens[4].start").value(20))
                .andExpect(jsonPath("$.tokens[4].end").value(24));
    }

    @Test
    void rejectsAnUnknownOffsetUnitNamingTheAllowedOnes() throws Exception {
        problem(tag("{\"text\": \"Oslo\", \"offsetUnit\": \"bytes\"}"), 400,
                "\"offsetUnit\" must be one of \"utf16\", \"codepoint\", not \"bytes\"");
        problem(tag("{\"text\": \"Oslo\", \"offsetUnit\": \"UTF16\"}"), 400, "one of \"utf16\", \"codepoint\"");
        problem(tag("{\"text\": \"Oslo\", \"offsetUnit\": \"\"}"), 400, "one of \"utf16\", \"codepoint\"");
        // Jackson would otherwise read a number as the enum constant at that index.
        problem(tag("{\"text\": \"Oslo\", \"offsetUnit\": 1}"), 400, "one of \"utf16\", \"codepoint\"");
        problem(tag("{\"text\": \"Oslo\", \"offsetUnit\": [\"utf16\"]}"), 400, "one of \"utf16\", \"codepoint\"");
    }

    @Test
    void rejectsBothOrNeitherField() throws Exception {
        problem(tag("{\"text\": \"x\", \"tokens\": [\"x\"]}"), 400, "not both");
        problem(tag("{}"), 400, "send \"text\"");
        problem(tag("null"), 400, "JSON object");
    }

    @Test
    void rejectsBlankTextAndBadTokens() throws Exception {
        problem(tag("{\"text\": \"\"}"), 400, "empty or only whitespace");
        problem(tag("{\"text\": \" \\u00a0\\n\"}"), 400, "empty or only whitespace");
        problem(tag("{\"tokens\": []}"), 400, "\"tokens\" is empty");
        problem(tag("{\"tokens\": [\"a\", null]}"), 400, "tokens[1]");
        problem(tag("{\"tokens\": [\"a\\tb\"]}"), 400, "whitespace");
    }

    @Test
    void rejectsMalformedJsonAndWrongTypes() throws Exception {
        problem(tag("{\"text\": "), 400, "malformed JSON");
        problem(tag("[\"Oslo\"]"), 400, "JSON object");
        problem(tag("{\"text\": [\"Oslo\"]}"), 400, "\"text\" must be a string");
        problem(tag("{\"tokens\": [1, 2]}"), 400, "\"tokens[0]\" must be a string");
        problem(tag("{\"text\": \"a\", \"text\": \"b\"}"), 400, "");
        problem(tag("{\"extra\": true, \"text\": \"a\"}"), 400, "unknown field \"extra\"");
    }

    @Test
    void rejectsWrongContentTypeWith415() throws Exception {
        problem(mvc.perform(post("/tag").contentType(MediaType.TEXT_PLAIN).content("Oslo")), 415, "text/plain");
    }

    @Test
    void rejectsTextOverTheLimitWith413NamingTheLimit() throws Exception {
        problem(tag("{\"text\": \"" + "a".repeat(51) + "\"}"), 413, "seqtag.max-text-chars) is 50");
        problem(tag("{\"tokens\": [\"" + "a".repeat(30) + "\", \"" + "b".repeat(30) + "\"]}"), 413, "is 50");
    }

    @Test
    void batchAnswersEveryDocumentInOrderWithAnErrorInPlaceOfEachRejectedOne() throws Exception {
        batch("{\"documents\": [{\"text\": \"Anna Berg visited Oslo .\"}, {\"text\": \" \\n\"}, "
                + "{\"tokens\": [\"Tom\", \"Lund\"]}]}")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.results", hasSize(3)))
                .andExpect(jsonPath("$.results[0].model").value(registry.active().version()))
                .andExpect(jsonPath("$.results[0].tokens", hasSize(5)))
                .andExpect(jsonPath("$.results[0].tokens[3].start").value(18))
                .andExpect(jsonPath("$.results[0].error").doesNotExist())
                .andExpect(jsonPath("$.results[1].model").doesNotExist())
                .andExpect(jsonPath("$.results[1].tokens").doesNotExist())
                .andExpect(jsonPath("$.results[1].error.status").value(400))
                .andExpect(jsonPath("$.results[1].error.title").value("Invalid request"))
                .andExpect(jsonPath("$.results[1].error.detail").value(
                        "\"documents[1].text\" is empty or only whitespace; there is nothing to tag"))
                .andExpect(jsonPath("$.results[2].tokens[1].text").value("Lund"))
                .andExpect(jsonPath("$.results[2].tokens[1].start").value(4));
    }

    @Test
    void batchRejectsEachBadDocumentOnItsOwnWithTheDetailPostTagWouldGive() throws Exception {
        batchItemError("{\"text\": \"x\", \"tokens\": [\"x\"]}", 400,
                "send either \"documents[0].text\" or \"documents[0].tokens\", not both");
        batchItemError("{}", 400, "send \"documents[0].text\" (a string) or \"documents[0].tokens\"");
        batchItemError("null", 400, "\"documents[0]\" is null");
        batchItemError("{\"tokens\": []}", 400, "\"documents[0].tokens\" is empty");
        batchItemError("{\"tokens\": [\"a\", null]}", 400, "\"documents[0].tokens[1]\" is null");
        batchItemError("{\"tokens\": [\"a b\"]}", 400, "\"documents[0].tokens[0]\" contains whitespace");
        batchItemError("{\"text\": \"" + "a".repeat(51) + "\"}", 413, "the limit (seqtag.max-text-chars) is 50");
    }

    @Test
    void batchCountsOffsetsInTheRequestedUnitForEveryDocument() throws Exception {
        batch("{\"documents\": [{\"text\": \"\\uD83D\\uDE00 Oslo\"}, {\"tokens\": [\"\\uD83D\\uDE00\", \"Oslo\"]}], "
                + "\"offsetUnit\": \"codepoint\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].tokens[1].start").value(2))
                .andExpect(jsonPath("$.results[1].tokens[1].start").value(2));
        batch("{\"documents\": [{\"text\": \"\\uD83D\\uDE00 Oslo\"}]}")
                .andExpect(jsonPath("$.results[0].tokens[1].start").value(3));
    }

    @Test
    void batchRejectsAMalformedRequestAsAWhole() throws Exception {
        problem(batch("{}"), 400, "\"documents\": an array");
        problem(batch("{\"documents\": null}"), 400, "\"documents\": an array");
        problem(batch("null"), 400, "JSON object");
        problem(batch("{\"documents\": []}"), 400, "\"documents\" is empty");
        problem(batch("{\"documents\": {\"text\": \"Oslo\"}}"), 400, "\"documents\" must be an array");
        problem(batch("{\"documents\": [\"Oslo\"]}"), 400, "\"documents[0]\" must be a JSON object");
        problem(batch("{\"documents\": [{\"text\": 7}]}"), 400, "\"documents[0].text\" must be a string");
        problem(batch("{\"documents\": [{\"text\": \"Oslo\", \"offsetUnit\": \"codepoint\"}]}"), 400,
                "unknown field \"offsetUnit\"");
        problem(batch("{\"documents\": [{\"text\": \"Oslo\"}], \"offsetUnit\": \"chars\"}"), 400,
                "\"offsetUnit\" must be one of \"utf16\", \"codepoint\"");
        problem(mvc.perform(post("/tag/batch").contentType(MediaType.TEXT_PLAIN).content("Oslo")), 415, "text/plain");
    }

    @Test
    void batchOverItsLimitsIsRejectedWith413NamingTheLimit() throws Exception {
        problem(batch("{\"documents\": [{\"text\": \"a\"}, {\"text\": \"b\"}, {\"text\": \"c\"}, {\"text\": \"d\"}]}"),
                413, "the request has 4 documents; the limit (seqtag.batch.max-documents) is 3");
        // 45 + 36 characters: each document is under max-text-chars (50), together they pass 80.
        problem(batch("{\"documents\": [{\"text\": \"" + "a".repeat(45) + "\"}, {\"tokens\": [\"" + "b".repeat(20)
                        + "\", \"" + "c".repeat(15) + "\"]}]}"),
                413, "the documents have 81 characters in total; the limit (seqtag.batch.max-total-chars) is 80");
    }

    private void batchItemError(String document, int status, String detail) throws Exception {
        batch("{\"documents\": [" + document + ", {\"text\": \"Oslo\"}]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results", hasSize(2)))
                .andExpect(jsonPath("$.results[0].error.status").value(status))
                .andExpect(jsonPath("$.results[0].error.detail", containsString(detail)))
                .andExpect(jsonPath("$.results[1].tokens[0].text").value("Oslo"));
    }

    private ResultActions batch(String json) throws Exception {
        return mvc.perform(post("/tag/batch").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private ResultActions tag(String json) throws Exception {
        return mvc.perform(post("/tag").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static void problem(ResultActions result, int status, String detail) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.detail", containsString(detail)));
    }

    /** Real tagging beans over a tiny model trained for this test. */
    @TestConfiguration
    @EnableConfigurationProperties(SeqtagProperties.class)
    static class TinyModelConfiguration {

        @Bean
        ModelRegistry modelRegistry() {
            return TinyModels.registry();
        }

        @Bean
        DocumentTagger documentTagger(ModelRegistry registry) {
            return new DocumentTagger(registry, new Tokenizer(), new SentenceSplitter(), inferenceQueue());
        }

        @Bean
        InferenceQueue inferenceQueue() {
            return new InferenceQueue(InferenceQueue.Settings.direct(), InferenceQueue.BatchListener.NONE);
        }
    }
}
