package com.seqtag.config;

import com.seqtag.model.ModelRegistry;
import com.seqtag.model.NativeThreads;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Loads the start-up model in the background once the web server is up, so liveness answers at
 * once while readiness reports DOWN until the model can serve.
 */
public class ModelLoader implements ApplicationListener<ApplicationStartedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelRegistry registry;
    private final int threads;
    private final AtomicReference<String> failure = new AtomicReference<>();

    public ModelLoader(ModelRegistry registry, int threads) {
        this.registry = registry;
        this.threads = threads;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        Thread loader = new Thread(this::load, "model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private void load() {
        long start = System.nanoTime();
        try {
            NativeThreads.limitTo(threads);
            var model = registry.loadInitial();
            log.info("model {} ready in {} ms", model.version(), (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            failure.set(e.getMessage());
            log.error("could not load the start-up model; the service stays not-ready", e);
        }
    }

    /** Why loading failed, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }
}
