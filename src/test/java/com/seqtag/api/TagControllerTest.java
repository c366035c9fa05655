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

import com.seqtag.config.JsonConfiguration;
import com.seqtag.config.SeqtagProperties;
import com.seqtag.inference.DocumentTagger;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.LoadedModel;
import com.seqtag.model.ModelArtifact;
import com.seqtag.model.ModelRegistry;
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
@Import({TagControllerTest.TinyModelConfiguration.class, JsonConfiguration.class})
@TestPropertySource(properties = "seqtag.max-text-chars=50")
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
            ModelRegistry registry = new ModelRegistry(null, EmbeddingStore.withBundled());
            ModelArtifact artifact = TinyModels.artifact();
            registry.activate(new LoadedModel(artifact.manifest(), artifact.tagger(EmbeddingStore.withBundled())));
            return registry;
        }

        @Bean
        DocumentTagger documentTagger(ModelRegistry registry) {
            return new DocumentTagger(registry, new Tokenizer(), new SentenceSplitter());
        }
    }
}
