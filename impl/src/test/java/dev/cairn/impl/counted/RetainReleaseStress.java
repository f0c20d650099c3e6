package dev.cairn.impl.counted;

import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The stress check of RC-4 and RC-6 for atomic handles: several threads retain and release
 * shared items, then all release their last references at once. It collects every violation of:
 * no release returns {@code true} while its thread still holds a reference; after the first phase
 * every count is exactly {@code 1 + threads} (conservation); in the second phase exactly one
 * release per item returns {@code true}, each item's destructor ran exactly once, and the
 * allocator has no live block left. Any exception a thread meets is a violation too.
 */
final class RetainReleaseStress {

    /**
     * What a run did and found.
     *
     * @param operations the successful retains and releases
     * @param nanos      how long the run took
     * @param violations what went wrong, empty if nothing did
     */
    record Result(long operations, long nanos, List<String> violations) {
    }

    private final Supplier<GeneralAllocator> allocators;
    private final CountedItems.HandleMaker maker;
    private final int threadCount;
    private final int itemCount;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong operations = new AtomicLong();

    RetainReleaseStress(Supplier<GeneralAllocator> allocators, CountedItems.HandleMaker maker, int threadCount,
                        int itemCount) {
        this.allocators = allocators;
        this.maker = maker;
        this.threadCount = threadCount;
        this.itemCount = itemCount;
    }

    /**
     * Runs both phases.
     *
     * @param pairsPerThread the number of retain-then-release bursts each thread makes in phase 1
     * @return what happened
     */
    Result run(long pairsPerThread) throws InterruptedException {
        long start = System.nanoTime();
        AtomicIntegerArray destructions = new AtomicIntegerArray(itemCount);
        AtomicIntegerArray destroyers = new AtomicIntegerArray(itemCount);
        Type slot = Type.of("slot", ValueLayout.JAVA_INT)
                .withDestructor(e -> destructions.incrementAndGet(e.get(ValueLayout.JAVA_INT, 0)));
        try (GeneralAllocator allocator = allocators.get()) {
            RefCounted[] items = allocateItems(allocator, slot);
            runThreads(thread -> churn(items, thread, pairsPerThread));
            checkCounts(items);
            runThreads(thread -> releaseAll(items, thread, destroyers));
            releaseAll(items, threadCount, destroyers);
            checkDestroyedOnce(destructions, destroyers, allocator.liveBlockCount());
        } catch (RuntimeException closeFailure) {
            violations.add("close: " + closeFailure);
        }
        return new Result(operations.get(), System.nanoTime() - start, List.copyOf(violations));
    }

    private RefCounted[] allocateItems(GeneralAllocator allocator, Type slot) {
        RefCounted[] items = new RefCounted[itemCount];
        for (int index = 0; index < itemCount; index++) {
            items[index] = CountedItems.allocateChecked(allocator, slot, 1, 1, maker);
            items[index].item().set(ValueLayout.JAVA_INT, 0, index);
            for (int thread = 0; thread < threadCount; thread++) {
                items[index].retain();
            }
        }
        return items;
    }

    /** Phase 1: each thread holds one reference to every item and adds and drops more. */
    private void churn(RefCounted[] items, int thread, long pairs) {
        long random = 0x9E3779B97F4A7C15L * (thread + 1);
        long done = 0;
        try {
            for (long pair = 0; pair < pairs; pair++) {
                random ^= random << 13;
                random ^= random >>> 7;
                random ^= random << 17;
                RefCounted item = items[(int) ((random >>> 1) % itemCount)];
                int depth = 1 + (int) (random & 1);
                for (int step = 0; step < depth; step++) {
                    item.retain();
                }
                for (int step = 0; step < depth; step++) {
                    if (item.release()) {
                        violations.add("thread " + thread + ": a release returned true while it held a reference");
                        return;
                    }
                }
                done += 2L * depth;
            }
        } catch (RuntimeException failure) {
            violations.add("thread " + thread + ": " + failure);
        } finally {
            operations.addAndGet(done);
        }
    }

    private void checkCounts(RefCounted[] items) {
        for (int index = 0; index < itemCount; index++) {
            try {
                long count = items[index].count();
                if (count != 1 + threadCount) {
                    violations.add("item " + index + ": count=" + count + " expected=" + (1 + threadCount));
                }
            } catch (RuntimeException failure) {
                violations.add("item " + index + ": count() threw " + failure);
            }
        }
    }

    /** Phase 2: the holder drops its own reference to every item, in an order of its own. */
    private void releaseAll(RefCounted[] items, int holder, AtomicIntegerArray destroyers) {
        for (int step = 0; step < itemCount; step++) {
            int index = (step + holder * 7) % itemCount;
            try {
                if (items[index].release()) {
                    destroyers.incrementAndGet(index);
                }
                operations.incrementAndGet();
            } catch (RuntimeException failure) {
                violations.add("holder " + holder + " item " + index + ": " + failure);
            }
        }
    }

    private void checkDestroyedOnce(AtomicIntegerArray destructions, AtomicIntegerArray destroyers, long liveBlocks) {
        for (int index = 0; index < itemCount; index++) {
            if (destroyers.get(index) != 1 || destructions.get(index) != 1) {
                violations.add("item " + index + ": releases that returned true=" + destroyers.get(index)
                        + " destructor runs=" + destructions.get(index) + " expected 1 and 1");
            }
        }
        if (liveBlocks != 0) {
            violations.add("liveBlockCount=" + liveBlocks + " after every item was released");
        }
    }

    private interface Work {
        void run(int thread);
    }

    private void runThreads(Work work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int thread = 0; thread < threadCount; thread++) {
            int index = thread;
            threads.add(Thread.ofPlatform().name("stress-" + thread).start(() -> {
                awaitQuietly(start);
                work.run(index);
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
