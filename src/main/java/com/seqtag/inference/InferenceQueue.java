package com.seqtag.inference;

import com.seqtag.decoding.TaggedSentence;
import com.seqtag.model.ForwardPassListener;
import com.seqtag.registry.LoadedModel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches sentences across concurrent requests: callers queue their sentences, and worker threads
 * take everything queued for the same model, up to a maximum batch size, waiting a few
 * milliseconds for more to arrive, and run it through the tagger as one padded, masked batch.
 * Under load this turns many small forward passes into a few large ones, so throughput rises with
 * concurrency instead of serialising on one network. The queue is bounded in sentences: when it is
 * full, {@link #tag} fails at once with {@link OverloadedException} rather than letting latency grow
 * without limit.
 */
public final class InferenceQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InferenceQueue.class);

    private final Settings settings;
    private final BatchListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Deque<Request> pending = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private int pendingSentences;
    private boolean closed;

    /**
     * @param settings sizes and timings of the queue
     * @param listener told about every batch run (for metrics); may be {@link BatchListener#NONE}
     */
    public InferenceQueue(Settings settings, BatchListener listener) {
        this(settings, listener, true);
    }

    /** A queue whose workers start only on {@link #start()}: tests fill it first. */
    InferenceQueue(Settings settings, BatchListener listener, boolean startNow) {
        this.settings = settings;
        this.listener = listener;
        if (startNow) {
            start();
        }
    }

    /** Starts the worker threads (once). */
    synchronized void start() {
        if (!workers.isEmpty()) {
            return;
        }
        for (int i = 1; i <= settings.workers(); i++) {
            Thread worker = new Thread(this::work, "seqtag-inference-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Tags sentences with the given model, batched with whatever else is queued for it; answers in
     * input order. Blocks until the answer is ready.
     *
     * @throws OverloadedException when the queue is full, or the answer took longer than
     *                             {@link Settings#maxQueueTime()} (the request is then dropped)
     */
    public List<TaggedSentence> tag(LoadedModel model, List<List<String>> sentences) {
        if (sentences.isEmpty()) {
            return List.of();
        }
        Request request = new Request(model, sentences, new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) {
                throw new OverloadedException("the service is shutting down", settings.retryAfterSeconds());
            }
            // A request larger than the whole queue is still admitted when the queue is empty, so a
            // long document waits its turn instead of being refused forever.
            if (pendingSentences > 0 && pendingSentences + sentences.size() > settings.capacity()) {
                throw new OverloadedException("the tagging queue is full (" + pendingSentences + " of "
                        + settings.capacity() + " sentences, seqtag.inference.queue-capacity); retry shortly",
                        settings.retryAfterSeconds());
            }
            pending.addLast(request);
            pendingSentences += sentences.size();
            arrived.signal();
        } finally {
            lock.unlock();
        }
        return await(request);
    }

    /** Sentences waiting for a worker now. */
    public int depth() {
        lock.lock();
        try {
            return pendingSentences;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the workers; queued requests fail with {@link OverloadedException}. */
    @Override
    public void close() {
        List<Request> dropped;
        lock.lock();
        try {
            closed = true;
            dropped = new ArrayList<>(pending);
            pending.clear();
            pendingSentences = 0;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        for (Request request : dropped) {
            request.answer().completeExceptionally(
                    new OverloadedException("the service is shutting down", settings.retryAfterSeconds()));
        }
        synchronized (this) {
            workers.forEach(Thread::interrupt);
        }
    }

    private List<TaggedSentence> await(Request request) {
        try {
            return request.answer().get(settings.maxQueueTime().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            withdraw(request);
            throw new OverloadedException("tagging took longer than " + settings.maxQueueTime().toMillis()
                    + " ms (seqtag.inference.max-queue-time); retry shortly", settings.retryAfterSeconds());
        } catch (InterruptedException e) {
            withdraw(request);
            Thread.currentThread().interrupt();
            throw new OverloadedException("interrupted while waiting for the tagger", settings.retryAfterSeconds());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("tagging failed", e.getCause());
        }
    }

    /** Takes a request out of the queue if no worker has taken it yet. */
    private void withdraw(Request request) {
        lock.lock();
        try {
            if (pending.remove(request)) {
                pendingSentences -= request.sentences().size();
            }
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            List<Request> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            run(batch);
        }
    }

    /**
     * Waits for a first request, then gathers requests for the same model until the batch is full
     * or the first request has waited {@link Settings#maxWait()}. Answers null once closed.
     */
    private List<Request> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (pending.isEmpty()) {
                if (closed) {
                    return null;
                }
                arrived.await();
            }
            long deadline = System.nanoTime() + settings.maxWait().toNanos();
            List<Request> batch = new ArrayList<>();
            int sentences = 0;
            LoadedModel model = pending.peekFirst().model();
            while (!closed) {
                Request next = pending.peekFirst();
                if (next != null) {
                    boolean fits = batch.isEmpty() || (next.model() == model
                            && sentences + next.sentences().size() <= settings.maxBatchSentences());
                    if (!fits) {
                        break;
                    }
                    pending.removeFirst();
                    pendingSentences -= next.sentences().size();
                    batch.add(next);
                    sentences += next.sentences().size();
                    if (sentences >= settings.maxBatchSentences()) {
                        break;
                    }
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    arrived.awaitNanos(left);
                } catch (InterruptedException e) {
                    // Closing: run what was already taken so its callers get answers, then stop.
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** One forward pass for the whole batch; every request gets its own slice of the answer. */
    private void run(List<Request> batch) {
        List<List<String>> sentences = new ArrayList<>();
        int tokens = 0;
        for (Request request : batch) {
            sentences.addAll(request.sentences());
            for (List<String> sentence : request.sentences()) {
                tokens += sentence.size();
            }
        }
        try {
            List<TaggedSentence> tagged = batch.get(0).model().tagger().tagAll(sentences, listener);
            listener.onBatch(batch.size(), sentences.size(), tokens);
            int next = 0;
            for (Request request : batch) {
                int count = request.sentences().size();
                request.answer().complete(List.copyOf(tagged.subList(next, next + count)));
                next += count;
            }
        } catch (RuntimeException | Error e) {
            // One bad sentence must not fail its neighbours: retry each request alone, so only the
            // request that caused the failure sees it.
            if (batch.size() > 1) {
                batch.forEach(request -> run(List.of(request)));
                return;
            }
            log.warn("tagging failed", e);
            batch.get(0).answer().completeExceptionally(e);
        }
    }

    /**
     * Receives the size of every batch a worker gathers and, through {@link ForwardPassListener}, of
     * every forward pass the tagger splits it into.
     */
    @FunctionalInterface
    public interface BatchListener extends ForwardPassListener {

        /** Ignores batches. */
        BatchListener NONE = (requests, sentences, tokens) -> { };

        /** Called after a batch of {@code requests} requests holding these sentences and tokens was tagged. */
        void onBatch(int requests, int sentences, int tokens);

        @Override
        default void forwardPass(int sentences, int tokens) {
        }
    }

    /**
     * Sizes and timings of the queue.
     *
     * @param capacity          most sentences waiting at once; beyond it callers get {@link OverloadedException}
     * @param maxBatchSentences most sentences a worker gathers into one batch
     * @param maxWait           how long a worker holding a request waits for more before running it
     * @param maxQueueTime      longest a caller waits for its answer before giving up
     * @param workers           worker threads (each runs whole batches)
     * @param retryAfterSeconds the delay suggested to refused callers
     */
    public record Settings(int capacity, int maxBatchSentences, Duration maxWait, Duration maxQueueTime, int workers,
                           int retryAfterSeconds) {

        public Settings {
            if (capacity < 1 || maxBatchSentences < 1 || workers < 1 || retryAfterSeconds < 0) {
                throw new IllegalArgumentException("capacity, maxBatchSentences and workers must be positive");
            }
            if (maxWait.isNegative() || maxQueueTime.isNegative() || maxQueueTime.isZero()) {
                throw new IllegalArgumentException("maxWait must not be negative and maxQueueTime must be positive");
            }
        }

        /** No waiting for company: each request runs as soon as a worker is free. */
        public static Settings direct() {
            return new Settings(100_000, 128, Duration.ZERO, Duration.ofMinutes(5), 1, 1);
        }
    }

    /** The queue cannot take more work now; the caller should retry after {@link #retryAfterSeconds()}. */
    public static final class OverloadedException extends RuntimeException {

        private final int retryAfterSeconds;

        OverloadedException(String message, int retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** Seconds the caller should wait before retrying. */
        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private record Request(LoadedModel model, List<List<String>> sentences,
                           CompletableFuture<List<TaggedSentence>> answer) {
    }
}
