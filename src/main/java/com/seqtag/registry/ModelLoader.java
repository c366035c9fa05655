package com.seqtag.registry;

import com.seqtag.model.BlasKernels;
import com.seqtag.model.NativeThreads;
import com.seqtag.store.ModelStoreUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the start-up model in the background from {@link #start()} on, while the rest of the
 * service starts (it takes as long as the model), so liveness answers at once and readiness
 * reports DOWN until the model can serve. While the model store cannot be reached it retries, with
 * a log line each time, rather than serve a model the store may not name.
 */
public class ModelLoader {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelRegistry registry;
    private final int threads;
    private final Duration retryDelay;
    private final AtomicReference<String> failure = new AtomicReference<>();

    /**
     * @param threads    native threads for the forward pass
     * @param retryDelay the wait between attempts while the store cannot be reached
     */
    public ModelLoader(ModelRegistry registry, int threads, Duration retryDelay) {
        this.registry = registry;
        this.threads = threads;
        this.retryDelay = retryDelay;
    }

    /** Starts loading on a thread of its own. */
    public void start() {
        Thread loader = new Thread(this::load, "model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private void load() {
        long start = System.nanoTime();
        try {
            NativeThreads.limitTo(threads);
            log.info("OpenBLAS kernels: {}", BlasKernels.current().map(type -> BlasKernels.VARIABLE + "=" + type)
                    .orElse("chosen by OpenBLAS (" + BlasKernels.VARIABLE + " unset)"));
            var model = loadRetrying();
            failure.set(null);
            log.info("model {} ready in {} ms", model.version(), (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError e) {
            failure.set(e.getMessage());
            log.error("could not load the start-up model; the service stays not-ready", e);
        }
    }

    private LoadedModel loadRetrying() throws Exception {
        while (true) {
            try {
                return registry.loadInitial();
            } catch (ModelStoreUnavailableException e) {
                failure.set(e.getMessage() + "; retrying every " + retryDelay.toSeconds() + " s");
                log.warn("{}; the service stays not-ready and retries in {} s", e.getMessage(), retryDelay.toSeconds());
                Thread.sleep(retryDelay.toMillis());
            }
        }
    }

    /** Why loading failed or is still being retried, if it is. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }
}
