package com.seqtag.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LengthBucketsTest {

    /** A distinct item with a length; distinct ids make "appears exactly once" checkable. */
    private record Item(int id, int length) {
    }

    private static List<Item> items(int count, int maxLength, long seed) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new Item(i, 1 + random.nextInt(maxLength)));
        }
        return items;
    }

    private static List<List<Item>> batches(List<Item> items, int batchSize, long seed) {
        return LengthBuckets.batches(items, Item::length, batchSize, new Random(seed));
    }

    private static int minLength(List<Item> batch) {
        return batch.stream().mapToInt(Item::length).min().orElseThrow();
    }

    private static int maxLength(List<Item> batch) {
        return batch.stream().mapToInt(Item::length).max().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 32, 101, 500})
    void everyItemAppearsInExactlyOneBatchExactlyOnce(int batchSize) {
        List<Item> items = items(101, 40, 1);

        List<List<Item>> batches = batches(items, batchSize, 42);

        List<Item> flattened = batches.stream().flatMap(List::stream).toList();
        assertThat(flattened).hasSameSizeAs(items).containsExactlyInAnyOrderElementsOf(items);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 32, 101, 500})
    void batchesHoldAtMostBatchSizeAndOnlyOneBatchIsPartial(int batchSize) {
        List<Item> items = items(101, 40, 2);

        List<List<Item>> batches = batches(items, batchSize, 42);

        assertThat(batches).hasSize((items.size() + batchSize - 1) / batchSize);
        assertThat(batches).allSatisfy(batch -> assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(batchSize));
        assertThat(batches).filteredOn(batch -> batch.size() < batchSize).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void eachBatchIsAContiguousRunOfTheLengthSortedOrder() {
        List<Item> items = items(200, 60, 3);

        List<List<Item>> batches = new ArrayList<>(batches(items, 16, 7));

        // Contiguous runs of a sorted order never interleave: ordered by their shortest item, each
        // batch's longest item is no longer than the next batch's shortest.
        batches.sort(Comparator.comparingInt(LengthBucketsTest::minLength)
                .thenComparingInt(LengthBucketsTest::maxLength));
        for (int i = 1; i < batches.size(); i++) {
            assertThat(maxLength(batches.get(i - 1)))
                    .as("longest of batch %d vs shortest of batch %d", i - 1, i)
                    .isLessThanOrEqualTo(minLength(batches.get(i)));
        }
    }

    @Test
    void batchesOfEqualLengthGroupsContainOnlyOneLength() {
        List<Item> items = new ArrayList<>();
        int[] lengths = {9, 1, 5, 1, 9, 5, 5, 1, 9};
        for (int i = 0; i < lengths.length; i++) {
            items.add(new Item(i, lengths[i]));
        }

        List<List<Item>> batches = batches(items, 3, 11);

        assertThat(batches).hasSize(3);
        assertThat(batches).allSatisfy(batch -> assertThat(minLength(batch)).isEqualTo(maxLength(batch)));
        assertThat(batches).extracting(LengthBucketsTest::minLength).containsExactlyInAnyOrder(1, 5, 9);
    }

    @Test
    void lengthSpreadWithinABatchIsSmallerThanInTheInput() {
        List<Item> items = items(400, 50, 4);

        List<List<Item>> batches = batches(items, 20, 5);

        // 400 items over 50 lengths is ~8 per length, so a batch of 20 spans at most a few lengths.
        assertThat(batches).allSatisfy(batch ->
                assertThat(maxLength(batch) - minLength(batch)).isLessThanOrEqualTo(6));
    }

    @Test
    void sameSeedGivesTheSameBatchesInTheSameOrder() {
        List<Item> items = items(150, 30, 6);

        List<List<Item>> first = batches(items, 8, 1234);
        List<List<Item>> second = batches(items, 8, 1234);

        assertThat(first).isEqualTo(second);
    }

    @Test
    void differentSeedsShuffleTheBatchOrder() {
        List<Item> items = items(150, 30, 6);

        Set<List<List<Item>>> outcomes = new HashSet<>();
        for (long seed = 0; seed < 5; seed++) {
            outcomes.add(batches(items, 8, seed));
        }

        assertThat(outcomes).hasSizeGreaterThan(1);
    }

    @Test
    void batchOrderIsNotSimplyShortestFirst() {
        List<Item> items = IntStream.range(0, 100).mapToObj(i -> new Item(i, i)).toList();

        List<List<Item>> batches = batches(items, 10, 99);

        List<Integer> firstLengths = batches.stream().map(LengthBucketsTest::minLength).toList();
        assertThat(firstLengths).containsExactlyInAnyOrder(0, 10, 20, 30, 40, 50, 60, 70, 80, 90)
                .isNotEqualTo(List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90));
    }

    @Test
    void doesNotModifyTheInputList() {
        List<Item> items = items(50, 20, 8);
        List<Item> copy = List.copyOf(items);

        batches(items, 4, 3);

        assertThat(items).isEqualTo(copy);
    }

    @Test
    void batchesAreUnmodifiable() {
        List<List<Item>> batches = batches(items(10, 5, 9), 4, 1);

        assertThat(batches.get(0)).isUnmodifiable();
    }

    @Test
    void emptyInputGivesNoBatches() {
        assertThat(batches(List.of(), 4, 1)).isEmpty();
    }

    @Test
    void batchSizeLargerThanTheInputGivesOneBatchSortedByLength() {
        List<Item> items = List.of(new Item(0, 7), new Item(1, 2), new Item(2, 5));

        List<List<Item>> batches = batches(items, 10, 1);

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).extracting(Item::length).containsExactly(2, 5, 7);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void nonPositiveBatchSizeIsRejected(int batchSize) {
        List<Item> items = items(10, 5, 10);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> batches(items, batchSize, 1))
                .withMessageContaining("batch size");
    }
}
