package com.seqtag.model.lean;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The projection cache keeps the first spellings up to its budget and never replaces an entry. */
class ProjectionCacheTest {

    @Test
    void keepsTheFirstSpellingsUpToItsCapacity() {
        ProjectionCache cache = new ProjectionCache(2);
        cache.offer("Berlin", new ProjectionCache.Entry(new float[] {1}, false));
        cache.offer("Berlin", new ProjectionCache.Entry(new float[] {2}, true));
        cache.offer("Paris", new ProjectionCache.Entry(new float[] {3}, false));
        cache.offer("Rome", new ProjectionCache.Entry(new float[] {4}, false));
        assertThat(cache.get("Berlin").projection()).containsExactly(1);
        assertThat(cache.get("Paris")).isNotNull();
        assertThat(cache.get("Rome")).isNull();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void theBudgetBoundsTheMemoryItHolds() {
        ProjectionCache cache = ProjectionCache.withBudget(64L << 20, 1664);
        assertThat((long) cache.capacity() * 1664 * 4).isLessThanOrEqualTo(64L << 20);
        assertThat(cache.capacity()).isGreaterThan(9_000);
    }
}
