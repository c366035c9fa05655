package com.seqtag.registry;

import com.seqtag.store.ModelStoreUnavailableException;
import com.seqtag.store.UnknownModelVersionException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this replica serving the version the store's active pointer names: polls the pointer and
 * swaps when another replica (or an operator) changed it. While the store cannot be reached it
 * keeps the model it has, reports the store down, and resumes by itself; a version that fails its
 * checksums is refused with an ERROR line and not retried until the pointer names another one.
 */
public final class ActiveModelFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActiveModelFollower.class);

    private final ModelRegistry registry;
    private final Duration interval;
    private final Clock clock;
    private final AtomicReference<StoreStatus> status;
    private final ScheduledExecutorService scheduler;
    /** A version the pointer named that could not be loaded; skipped until the pointer moves. */
    private volatile String refused;

    /**
     * @param interval how often to read the active pointer
     */
    public ActiveModelFollower(ModelRegistry registry, Duration interval, Clock clock) {
        this.registry = registry;
        this.interval = interval;
        this.clock = clock;
        this.status = new AtomicReference<>(new StoreStatus(registry.storeDescription(), true, null, null));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "active-model-follower");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts polling every interval (the first poll after one interval: start-up loads the model itself). */
    public void start() {
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** What the store answered last. */
    public StoreStatus status() {
        return status.get();
    }

    /**
     * Reads the pointer once and swaps if it names another version; called by the schedule, and
     * by tests and callers that want an answer now.
     *
     * @return the version that now serves, when the pointer changed it
     */
    public Optional<String> poll() {
        Optional<String> named;
        try {
            named = registry.storedActiveVersion();
            reachable();
        } catch (ModelStoreUnavailableException e) {
            unreachable(e);
            return Optional.empty();
        }
        if (named.isEmpty() || !registry.isReady() || named.get().equals(registry.active().version())
                || named.get().equals(refused)) {
            return Optional.empty();
        }
        String version = named.get();
        try {
            if (registry.follow(version)) {
                log.info("the store's active pointer names {}: now serving it", version);
                refused = null;
                return Optional.of(version);
            }
        } catch (ModelStoreUnavailableException e) {
            unreachable(e);
        } catch (IOException | UnknownModelVersionException e) {
            refused = version;
            log.error("model {} named by the active pointer in {} is refused: {}; still serving {}", version,
                    registry.storeDescription(), e.getMessage(), registry.active().version());
        }
        return Optional.empty();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException | OutOfMemoryError e) {
            // A failed poll must not end the schedule: the next one tries again.
            log.error("polling the active model failed", e);
        }
    }

    private void reachable() {
        StoreStatus before = status.getAndSet(new StoreStatus(registry.storeDescription(), true, clock.instant(), null));
        if (!before.reachable()) {
            log.info("{} is reachable again", registry.storeDescription());
        }
    }

    private void unreachable(ModelStoreUnavailableException e) {
        StoreStatus before = status.getAndUpdate(old ->
                new StoreStatus(old.store(), false, old.lastContact(), e.getMessage()));
        if (before.reachable()) {
            log.warn("{}; serving {} until it is back", e.getMessage(),
                    registry.isReady() ? registry.active().version() : "nothing");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
