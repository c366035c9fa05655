package com.seqtag.registry;

import com.seqtag.model.BlasKernels;
import com.seqtag.model.NativeThreads;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Loads the start-up model in the background from the moment this bean exists, while the rest of
 * the context and the web server start (they take as long as the model), so liveness answers at
 * once and readiness reports DOWN until the model can serve.
 */
public class ModelLoader implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelRegistry registry;
    private final int threads;
    private final AtomicReference<String> failure = new AtomicReference<>();

    public ModelLoader(ModelRegistry registry, int threads) {
        this.registry = registry;
        this.threads = threads;
    }

    @Override
    public void afterPropertiesSet() {
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
