package com.seqtag.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.seqtag.api.edge.JsonConfiguration;
import com.seqtag.config.SeqtagProperties;
import com.seqtag.inference.DocumentTagger;
import com.seqtag.inference.InferenceQueue;
import com.seqtag.inference.PausedQueues;
import com.seqtag.inference.TaggedDocument;
import com.seqtag.support.PausedTaggingConfiguration;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** A full tagging queue answers 503 problem+json with Retry-After at once, on every tagging route. */
@WebMvcTest({TagController.class, HfTokenClassificationController.class})
@Import({OverloadTest.PausedQueueConfiguration.class, ApiConfiguration.class, JsonConfiguration.class})
class OverloadTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    InferenceQueue queue;

    @Autowired
    DocumentTagger documentTagger;

    @Test
    void aFullQueueAnswers503WithRetryAfterAndServesTheQueuedCallerOnceItDrains() throws Exception {
        // Fill the queue (capacity: one sentence) while its worker is paused.
        CompletableFuture<TaggedDocument> queued = CompletableFuture.supplyAsync(() -> documentTagger.tagText("Oslo"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.depth() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(queue.depth()).isEqualTo(1);

        mvc.perform(post("/tag").contentType(MediaType.APPLICATION_JSON).content("{\"text\": \"Anna Berg visited Oslo .\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "3"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Overloaded"))
                .andExpect(jsonPath("$.detail", containsString("queue is full")));
        mvc.perform(post("/hf/token-classification").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": \"Anna Berg visited Oslo .\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "3"))
                .andExpect(jsonPath("$.error", containsString("queue is full")));

        PausedQueues.start(queue);
        assertThat(queued.get(30, TimeUnit.SECONDS).tokens()).hasSize(1);
        mvc.perform(post("/tag").contentType(MediaType.APPLICATION_JSON).content("{\"text\": \"Anna Berg visited Oslo .\"}"))
                .andExpect(status().isOk());
    }

    /** A one-sentence queue that starts paused. */
    @TestConfiguration
    @EnableConfigurationProperties(SeqtagProperties.class)
    static class PausedQueueConfiguration extends PausedTaggingConfiguration {

        @Override
        protected InferenceQueue.Settings queueSettings() {
            return new InferenceQueue.Settings(1, 64, Duration.ZERO, Duration.ofSeconds(30), 1, 3);
        }
    }
}
