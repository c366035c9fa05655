package com.seqtag.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.seqtag.registry.ModelRegistry;
import com.seqtag.support.TinyModels;
import com.seqtag.text.SentenceSplitter;
import com.seqtag.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whole documents through a real tiny model: several at once, long ones, pre-tokenized ones. */
class DocumentTaggerTest {

    private static final InferenceQueue QUEUE =
            new InferenceQueue(InferenceQueue.Settings.direct(), InferenceQueue.BatchListener.NONE);

    private static ModelRegistry registry;

    @BeforeAll
    static void loadTinyModel() {
        registry = TinyModels.registry();
    }

    @Test
    void taggingDocumentsTogetherGivesEachTheAnswerItGetsAlone() {
        DocumentTagger tagger = new DocumentTagger(registry, new Tokenizer(), new SentenceSplitter(), QUEUE);
        List<DocumentInput> documents = List.of(
                new DocumentInput.Text("Anna Berg visited Oslo on Friday. Acme Corp hired Tom Lund in Paris ."),
                new DocumentInput.Tokens(List.of("Maria", "Solis", "visited", "Lima", ".")),
                new DocumentInput.Text("Oslo"),
                new DocumentInput.Text(" \n "),
                new DocumentInput.Text("Talks in Berlin ended on Tuesday. German officials met Danish traders. "
                        + "Norvik Bank hired Jonas Krell ."));

        List<TaggedDocument> together = tagger.tagAll(documents);

        assertThat(together).hasSize(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            DocumentInput document = documents.get(i);
            TaggedDocument alone = document instanceof DocumentInput.Text text
                    ? tagger.tagText(text.text())
                    : tagger.tagTokens(((DocumentInput.Tokens) document).words());
            assertSameAnswer(together.get(i), alone);
        }
        assertThat(together.get(3).tokens()).isEmpty();
        assertThat(together.get(1).text()).isEqualTo("Maria Solis visited Lima .");
        assertThat(together).extracting(TaggedDocument::model).containsOnly(registry.active().version());
    }

    @Test
    void aLongDocumentCutIntoManyChunksKeepsEveryTokenInOrder() {
        // Chunks of at most 8 tokens: the 40-token sentence is cut five times, nothing is dropped.
        DocumentTagger tagger = new DocumentTagger(registry, new Tokenizer(), new SentenceSplitter(8), QUEUE);
        String text = "Tom ran. ".repeat(100) + "Anna Berg met Tom ".repeat(10) + "in Oslo .";
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.addAll(List.of("Tom", "ran", "."));
        }
        for (int i = 0; i < 10; i++) {
            expected.addAll(List.of("Anna", "Berg", "met", "Tom"));
        }
        expected.addAll(List.of("in", "Oslo", "."));

        TaggedDocument document = tagger.tagText(text);

        assertThat(document.tokens()).extracting(DocumentToken::text).containsExactlyElementsOf(expected);
        for (DocumentToken token : document.tokens()) {
            assertThat(text.substring(token.start(), token.end())).isEqualTo(token.text());
            assertThat(token.label()).isNotBlank();
        }
        for (DocumentEntity entity : document.entities()) {
            assertThat(text.substring(entity.start(), entity.end())).isEqualTo(entity.text());
        }
    }

    private static void assertSameAnswer(TaggedDocument together, TaggedDocument alone) {
        assertThat(together.text()).isEqualTo(alone.text());
        assertThat(together.tokens()).hasSameSizeAs(alone.tokens());
        for (int t = 0; t < alone.tokens().size(); t++) {
            DocumentToken a = together.tokens().get(t);
            DocumentToken b = alone.tokens().get(t);
            assertThat(List.of(a.text(), a.start(), a.end(), a.label(), a.unknown()))
                    .isEqualTo(List.of(b.text(), b.start(), b.end(), b.label(), b.unknown()));
            // Other sentences in the batch change only the summation order of the matrix products.
            assertThat(a.score()).isCloseTo(b.score(), within(1e-5));
        }
        assertThat(together.entities()).hasSameSizeAs(alone.entities());
        for (int e = 0; e < alone.entities().size(); e++) {
            DocumentEntity a = together.entities().get(e);
            DocumentEntity b = alone.entities().get(e);
            assertThat(List.of(a.text(), a.type(), a.start(), a.end()))
                    .isEqualTo(List.of(b.text(), b.type(), b.start(), b.end()));
            assertThat(a.score()).isCloseTo(b.score(), within(1e-5));
        }
    }
}
