package com.seqtag.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.registry.ModelRegistry;
import com.seqtag.support.TinyModels;
import com.seqtag.text.SentenceSplitter;
import com.seqtag.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a {@link DocumentTagger} reports to its {@link TaggingListener}: forward passes and tagged totals. */
class DocumentTaggerListenerTest {

    private static ModelRegistry registry;

    @BeforeAll
    static void loadTinyModel() {
        registry = TinyModels.registry();
    }

    @Test
    void reportsEveryForwardPassAndTheTotalsOfEachCall() {
        Recorder recorder = new Recorder();
        DocumentTagger tagger = new DocumentTagger(registry, new Tokenizer(), new SentenceSplitter(),
                new InferenceQueue(InferenceQueue.Settings.direct(), recorder), recorder);

        // 70 three-token sentences: more than one forward pass holds (64), so two passes.
        List<TaggedDocument> tagged = tagger.tagAll(List.of(
                new DocumentInput.Text("Tom ran. ".repeat(69)),
                new DocumentInput.Tokens(List.of("Anna", "Berg", "visited", "Oslo", ".")),
                new DocumentInput.Text("  ")));

        assertThat(recorder.passes).containsExactly(List.of(64, 64 * 3), List.of(6, 5 * 3 + 5));
        int tokens = tagged.stream().mapToInt(document -> document.tokens().size()).sum();
        assertThat(tokens).isEqualTo(69 * 3 + 5);
        assertThat(recorder.calls).containsExactly(List.of(3, 70, tokens));
    }

    @Test
    void aCallWithNothingToTagRunsNoForwardPassButIsStillCounted() {
        Recorder recorder = new Recorder();
        DocumentTagger tagger = new DocumentTagger(registry, new Tokenizer(), new SentenceSplitter(),
                new InferenceQueue(InferenceQueue.Settings.direct(), recorder), recorder);

        tagger.tagText(" \n ");

        assertThat(recorder.passes).isEmpty();
        assertThat(recorder.calls).containsExactly(List.of(1, 0, 0));
    }

    /** Keeps what it is told, in order. */
    private static final class Recorder implements TaggingListener, InferenceQueue.BatchListener {

        final List<List<Integer>> passes = new ArrayList<>();
        final List<List<Integer>> calls = new ArrayList<>();

        @Override
        public void forwardPass(int sentences, int tokens) {
            passes.add(List.of(sentences, tokens));
        }

        @Override
        public void onBatch(int requests, int sentences, int tokens) {
        }

        @Override
        public void tagged(int documents, int sentences, int tokens) {
            calls.add(List.of(documents, sentences, tokens));
        }
    }
}
