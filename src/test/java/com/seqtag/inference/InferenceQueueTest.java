package com.seqtag.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.seqtag.data.LabeledSentence;
import com.seqtag.decoding.TaggedSentence;
import com.seqtag.decoding.TaggedToken;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.ModelConfig;
import com.seqtag.registry.LoadedModel;
import com.seqtag.store.ModelArtifact;
import com.seqtag.support.TinyModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batching across callers: same answers as tagging alone, bounded queue, no caller left hanging. */
class InferenceQueueTest {

    private static LoadedModel model;
    private static List<List<String>> sentences;

    @BeforeAll
    static void loadTinyModel() {
        ModelArtifact artifact = TinyModels.artifact();
        model = new LoadedModel(artifact.manifest(), artifact.tagger(EmbeddingStore.withBundled()));
        sentences = new ArrayList<>();
        for (String fixture : List.of("tiny-valid.conll", "tiny-train.conll")) {
            TinyModels.fixture(fixture).stream().map(LabeledSentence::words).forEach(sentences::add);
        }
    }

    @Test
    void concurrentCallersShareForwardPassesAndEachGetsTheAnswerItGetsAlone() throws Exception {
        List<int[]> batches = Collections.synchronizedList(new ArrayList<>());
        InferenceQueue.Settings settings = new InferenceQueue.Settings(10_000, 64, Duration.ofMillis(200),
                Duration.ofSeconds(30), 1, 1);
        int callers = 24;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (InferenceQueue queue = new InferenceQueue(settings,
                (requests, count, tokens) -> batches.add(new int[] {requests, count, tokens}))) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<TaggedSentence>>> answers = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                List<List<String>> mine = request(c);
                answers.add(pool.submit(() -> {
                    go.await();
                    return queue.tag(model, mine);
                }));
            }
            go.countDown();
            for (int c = 0; c < callers; c++) {
                List<List<String>> mine = request(c);
                List<TaggedSentence> together = answers.get(c).get(30, TimeUnit.SECONDS);
                assertThat(together).hasSize(mine.size());
                for (int s = 0; s < mine.size(); s++) {
                    assertSameAnswer(together.get(s), model.tagger().tag(mine.get(s)));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // Proof that batching happened: some forward pass carried several callers' sentences.
        assertThat(batches).anySatisfy(batch -> assertThat(batch[0]).isGreaterThan(1));
        assertThat(batches.stream().mapToInt(batch -> batch[0]).sum()).isEqualTo(callers);
        assertThat(batches).allSatisfy(batch -> assertThat(batch[1]).isLessThanOrEqualTo(64));
    }

    @Test
    void aFullQueueRefusesAtOnceAndAdmitsWhatFits() throws Exception {
        InferenceQueue.Settings settings = new InferenceQueue.Settings(3, 64, Duration.ZERO, Duration.ofSeconds(30),
                1, 2);
        try (InferenceQueue queue = PausedQueues.paused(settings)) {
            CompletableFuture<List<TaggedSentence>> first = submit(queue, sentences.subList(0, 2));
            awaitDepth(queue, 2);

            assertThatThrownBy(() -> queue.tag(model, sentences.subList(2, 4)))
                    .isInstanceOf(InferenceQueue.OverloadedException.class)
                    .hasMessageContaining("queue is full")
                    .hasMessageContaining("seqtag.inference.queue-capacity")
                    .satisfies(e -> assertThat(((InferenceQueue.OverloadedException) e).retryAfterSeconds())
                            .isEqualTo(2));
            CompletableFuture<List<TaggedSentence>> second = submit(queue, sentences.subList(2, 3));
            awaitDepth(queue, 3);

            PausedQueues.start(queue);
            assertSameAnswer(first.get(30, TimeUnit.SECONDS).get(1), model.tagger().tag(sentences.get(1)));
            assertSameAnswer(second.get(30, TimeUnit.SECONDS).get(0), model.tagger().tag(sentences.get(2)));
            assertThat(queue.depth()).isZero();
        }
    }

    @Test
    void aRequestLargerThanTheQueueIsStillServedWhenTheQueueIsEmpty() throws Exception {
        InferenceQueue.Settings settings = new InferenceQueue.Settings(2, 4, Duration.ZERO, Duration.ofSeconds(30),
                1, 1);
        try (InferenceQueue queue = PausedQueues.paused(settings)) {
            List<List<String>> many = sentences.subList(0, 7);
            CompletableFuture<List<TaggedSentence>> answer = submit(queue, many);
            awaitDepth(queue, 7);
            PausedQueues.start(queue);
            List<TaggedSentence> tagged = answer.get(30, TimeUnit.SECONDS);
            for (int s = 0; s < many.size(); s++) {
                assertSameAnswer(tagged.get(s), model.tagger().tag(many.get(s)));
            }
        }
    }

    @Test
    void aCallerNotAnsweredInTimeGivesUpAndLeavesTheQueue() {
        InferenceQueue.Settings settings = new InferenceQueue.Settings(10, 64, Duration.ZERO, Duration.ofMillis(200),
                1, 1);
        try (InferenceQueue queue = PausedQueues.paused(settings)) {
            assertThatThrownBy(() -> queue.tag(model, sentences.subList(0, 3)))
                    .isInstanceOf(InferenceQueue.OverloadedException.class)
                    .hasMessageContaining("longer than 200 ms");
            assertThat(queue.depth()).isZero();
        }
    }

    @Test
    void closingFailsQueuedCallersInsteadOfLeavingThemWaiting() throws Exception {
        InferenceQueue.Settings settings = new InferenceQueue.Settings(10, 64, Duration.ZERO, Duration.ofSeconds(30),
                1, 1);
        InferenceQueue queue = PausedQueues.paused(settings);
        CompletableFuture<List<TaggedSentence>> waiting = submit(queue, sentences.subList(0, 1));
        awaitDepth(queue, 1);

        queue.close();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InferenceQueue.OverloadedException.class)
                .hasMessageContaining("shutting down");
        assertThatThrownBy(() -> queue.tag(model, sentences.subList(0, 1)))
                .isInstanceOf(InferenceQueue.OverloadedException.class);
    }

    @Test
    void requestsForDifferentModelsNeverShareABatch() throws Exception {
        // The same weights decoded two ways: a batch mixing them would answer one caller with the other's decoding.
        LoadedModel argmax = new LoadedModel(model.manifest(), model.tagger().withDecoding(ModelConfig.Decoding.ARGMAX));
        List<int[]> batches = Collections.synchronizedList(new ArrayList<>());
        InferenceQueue.Settings settings = new InferenceQueue.Settings(1000, 64, Duration.ofMillis(50),
                Duration.ofSeconds(30), 1, 1);
        InferenceQueue queue = new InferenceQueue(settings,
                (requests, count, tokens) -> batches.add(new int[] {requests, count, tokens}), false);
        try (queue) {
            List<CompletableFuture<List<TaggedSentence>>> answers = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                LoadedModel which = c % 2 == 0 ? model : argmax;
                answers.add(CompletableFuture.supplyAsync(() -> queue.tag(which, request(0))));
                awaitDepth(queue, (c + 1) * request(0).size());
            }
            queue.start();
            for (int c = 0; c < 6; c++) {
                LoadedModel which = c % 2 == 0 ? model : argmax;
                List<TaggedSentence> tagged = answers.get(c).get(30, TimeUnit.SECONDS);
                for (int s = 0; s < tagged.size(); s++) {
                    assertSameAnswer(tagged.get(s), which.tagger().tag(request(0).get(s)));
                }
            }
        }
        // Queued alternately, so no two neighbours share a model: every request ran alone.
        assertThat(batches).hasSize(6).allSatisfy(batch -> assertThat(batch[0]).isEqualTo(1));
    }

    /** Caller {@code c}'s sentences: one to three, starting at a caller-specific place. */
    private static List<List<String>> request(int c) {
        int from = (c * 3) % (sentences.size() - 3);
        return sentences.subList(from, from + 1 + c % 3);
    }

    private static CompletableFuture<List<TaggedSentence>> submit(InferenceQueue queue, List<List<String>> batch) {
        return CompletableFuture.supplyAsync(() -> queue.tag(model, batch), Executors.newSingleThreadExecutor());
    }

    private static void awaitDepth(InferenceQueue queue, int depth) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.depth() != depth) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("queue depth stayed " + queue.depth() + ", expected " + depth);
            }
            Thread.sleep(5);
        }
    }

    static void assertSameAnswer(TaggedSentence together, TaggedSentence alone) {
        assertThat(together.tokens()).hasSameSizeAs(alone.tokens());
        for (int t = 0; t < alone.tokens().size(); t++) {
            TaggedToken a = together.tokens().get(t);
            TaggedToken b = alone.tokens().get(t);
            assertThat(List.of(a.word(), a.label(), a.unknown())).isEqualTo(List.of(b.word(), b.label(), b.unknown()));
            // Padding is masked; other sentences in a batch change only the summation order of float products.
            assertThat(a.score()).isCloseTo(b.score(), within(1e-5));
        }
        assertThat(together.entities()).extracting(e -> e.span()).isEqualTo(
                alone.entities().stream().map(e -> e.span()).toList());
        for (int e = 0; e < alone.entities().size(); e++) {
            assertThat(together.entities().get(e).score()).isCloseTo(alone.entities().get(e).score(), within(1e-5));
        }
    }
}
