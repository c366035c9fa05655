package com.seqtag.api;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.seqtag.api.edge.JsonConfiguration;
import com.seqtag.config.SeqtagProperties;
import com.seqtag.inference.InferenceQueue;
import com.seqtag.support.PausedTaggingConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A request that would take longer than the processing-time limit ({@code max-queue-time}) is cut
 * with 503 problem+json naming the limit, on every tagging route; here the forward passes never
 * come because the queue's worker is paused.
 */
@WebMvcTest({TagController.class, HfTokenClassificationController.class})
@Import({RequestTimeoutTest.StalledQueueConfiguration.class, ApiConfiguration.class, JsonConfiguration.class})
class RequestTimeoutTest {

    @Autowired
    MockMvc mvc;

    @Test
    void tagIsCutAtTheLimit() throws Exception {
        mvc.perform(post("/tag").contentType(MediaType.APPLICATION_JSON).content("{\"text\": \"Anna Berg visited Oslo .\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("longer than 300 ms")))
                .andExpect(jsonPath("$.detail", containsString("seqtag.inference.max-queue-time")));
    }

    @Test
    void batchIsCutAtTheLimit() throws Exception {
        mvc.perform(post("/tag/batch").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"documents\": [{\"text\": \"Anna Berg\"}, {\"tokens\": [\"Oslo\"]}]}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail", containsString("longer than 300 ms")));
    }

    @Test
    void huggingFaceRouteIsCutAtTheLimit() throws Exception {
        mvc.perform(post("/hf/token-classification").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": \"Anna Berg visited Oslo .\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error", containsString("longer than 300 ms")));
    }

    /** A queue whose worker never starts, and a 300 ms limit. */
    @TestConfiguration
    @EnableConfigurationProperties(SeqtagProperties.class)
    static class StalledQueueConfiguration extends PausedTaggingConfiguration {

        @Override
        protected InferenceQueue.Settings queueSettings() {
            return new InferenceQueue.Settings(64, 64, Duration.ZERO, Duration.ofMillis(300), 1, 2);
        }
    }
}
