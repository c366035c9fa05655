package com.seqtag.support;

import com.seqtag.inference.DocumentTagger;
import com.seqtag.inference.InferenceQueue;
import com.seqtag.inference.PausedQueues;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.text.SentenceSplitter;
import com.seqtag.text.Tokenizer;
import org.springframework.context.annotation.Bean;

/**
 * Real tagging over the tiny model behind an inference queue whose worker starts paused, for
 * {@code @WebMvcTest} slices of the tagging routes; subclasses choose the queue's settings.
 */
public abstract class PausedTaggingConfiguration {

    /** The queue's capacity, batch size and time limits. */
    protected abstract InferenceQueue.Settings queueSettings();

    @Bean
    ModelRegistry modelRegistry() {
        return TinyModels.registry();
    }

    @Bean
    InferenceQueue inferenceQueue() {
        return PausedQueues.paused(queueSettings());
    }

    @Bean
    DocumentTagger documentTagger(ModelRegistry registry, InferenceQueue queue) {
        return new DocumentTagger(registry, new Tokenizer(), new SentenceSplitter(), queue);
    }
}
