package dev.cairn.reliability;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.impl.GeneralAllocators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared general allocator and atomic counted items under every core of the machine (GA-5,
 * RC-4, RC-6, DS-1): {@code max(2, availableProcessors)} threads make {@code 10^6} operations in
 * {@code ./mvnw verify} and {@code 10^7} with {@code -Preliability}
 * ({@code -Dcairn.reliability.concurrentOps=N}).
 * <ul>
 *   <li>No block handed out twice: every fresh block must be all zero, then every one of its
 *       8-byte words is written with its owner's tag (thread and serial), and the whole tag is
 *       checked intact when the block is freed, by whichever thread frees it;</li>
 *   <li>none lost: at the end the allocator's live count and bytes equal what the threads hold,
 *       and after they free it all, zero;</li>
 *   <li>counts conserved and exactly one destroyer: each item is released by every holder in the
 *       end; exactly one release per item reports the destruction, and its destructor ran once
 *       per element.</li>
 * </ul>
 */
class ConcurrencyTest {

    private static final long OPS_DEFAULT = 1_000_000;
    private static final int LOCAL_MAX = 48;
    private static final int MAILBOX_SLOTS = 64;
    private static final int ITEMS_PER_ROUND = 32;
    private static final Type WORD = Type.of("word", ValueLayout.JAVA_LONG);

    private final int threadCount = Math.max(2, Runtime.getRuntime().availableProcessors());
    private final long opsTotal = Long.getLong("cairn.reliability.concurrentOps", OPS_DEFAULT);
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    /** A block a thread holds, with the tag written into it. */
    private record Held(MemorySegment block, long tag, boolean growable) {
    }

    @Test
    void threadsAllocateTagFreeAndFreeEachOthersBlocksWithoutSharingOrLosingOne() throws Exception {
        GeneralAllocator heap = GeneralAllocators.shared();
        AtomicReferenceArray<Held> mailbox = new AtomicReferenceArray<>(MAILBOX_SLOTS);
        List<List<Held>> kept = new ArrayList<>();
        AtomicLong ops = new AtomicLong();
        long started = System.nanoTime();
        runThreads(index -> {
            List<Held> local = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(index * 7919L + 1);
            long myOps = opsTotal / threadCount;
            AlignmentContext.run(64, () -> {
                for (long op = 0; op < myOps; op++) {
                    step(heap, mailbox, local, random, ((long) (index + 1) << 40) | (op + 1));
                }
            });
            ops.addAndGet(myOps);
            synchronized (kept) {
                kept.add(local);
            }
        });
        long held = kept.stream().mapToLong(List::size).sum();
        long heldBytes = kept.stream().flatMap(List::stream).mapToLong(h -> h.block().byteSize()).sum();
        for (int slot = 0; slot < MAILBOX_SLOTS; slot++) {
            Held parked = mailbox.get(slot);
            if (parked != null) {
                held++;
                heldBytes += parked.block().byteSize();
                kept.add(List.of(parked));
            }
        }
        assertEquals(held, heap.liveBlockCount(), "live accounting matches what the threads hold");
        assertEquals(heldBytes, heap.liveByteSize(), "live bytes match what the threads hold");
        kept.stream().flatMap(List::stream).forEach(h -> freeChecked(heap, h));
        assertEquals(0, heap.liveBlockCount());
        assertEquals(0, heap.liveByteSize());
        assertTrue(heap.closeAndReport().isEmpty());
        System.out.printf("concurrency, general allocator: threads=%d ops=%d in %d ms%n", threadCount, ops.get(),
                (System.nanoTime() - started) / 1_000_000);
        assertEquals(opsTotal / threadCount * threadCount, ops.get());
    }

    /** One operation: allocate (fixed or growable, any size class, aligned up to 64), free, resize, or pass a block on. */
    private void step(GeneralAllocator heap, AtomicReferenceArray<Held> mailbox, List<Held> local,
                      SplittableRandom random, long tag) {
        int choice = random.nextInt(10);
        if (local.isEmpty() || (choice < 4 && local.size() < LOCAL_MAX)) {
            long count = random.nextInt(50) == 0 ? 4096 + random.nextInt(8192) : 1 + random.nextInt(64);
            long alignment = 1L << random.nextInt(7);
            boolean growable = random.nextBoolean();
            MemorySegment block = growable ? heap.allocateGrowable(WORD, count, alignment)
                    : heap.allocate(WORD, count, alignment);
            if (block.address() % Math.max(8, alignment) != 0) {
                throw new AssertionError("address=" + block.address() + " is not aligned to " + alignment);
            }
            local.add(new Held(tagFresh(block, tag), tag, growable));
        } else if (choice < 7) {
            freeChecked(heap, local.remove(random.nextInt(local.size())));
        } else if (choice < 9) {
            Held passed = local.remove(random.nextInt(local.size()));
            Held got = mailbox.getAndSet(random.nextInt(MAILBOX_SLOTS), passed);
            if (got != null) {
                freeChecked(heap, got);
            }
        } else {
            int at = random.nextInt(local.size());
            Held held = local.get(at);
            if (held.growable()) {
                check(held);
                long count = 1 + random.nextInt(600);
                MemorySegment resized = heap.resize(held.block(), count);
                long kept = Math.min(held.block().byteSize(), resized.byteSize());
                checkWords(resized, 0, kept, held.tag());
                checkWords(resized, kept, resized.byteSize(), 0);
                tagWords(resized, tag);
                local.set(at, new Held(resized, tag, true));
            }
        }
    }

    private static MemorySegment tagFresh(MemorySegment block, long tag) {
        checkWords(block, 0, block.byteSize(), 0);
        tagWords(block, tag);
        return block;
    }

    private static void tagWords(MemorySegment block, long tag) {
        for (long offset = 0; offset < block.byteSize(); offset += 8) {
            block.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, tag);
        }
    }

    private static void checkWords(MemorySegment block, long from, long to, long tag) {
        for (long offset = from; offset < to; offset += 8) {
            long found = block.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
            if (found != tag) {
                throw new AssertionError("block address=" + block.address() + " byteSize=" + block.byteSize()
                        + " word at offset=" + offset + " holds " + Long.toHexString(found) + " but its owner wrote "
                        + Long.toHexString(tag) + ": the block was handed out twice or written outside its bounds");
            }
        }
    }

    private static void check(Held held) {
        checkWords(held.block(), 0, held.block().byteSize(), held.tag());
    }

    private static void freeChecked(GeneralAllocator heap, Held held) {
        check(held);
        heap.free(held.block());
    }

    @Test
    void atomicCountsAreConservedAndExactlyOneReleaseDestroysEachItem() throws Exception {
        long perRoundOps = (long) ITEMS_PER_ROUND * threadCount * 64;
        long rounds = Math.max(1, opsTotal / perRoundOps);
        GeneralAllocator heap = GeneralAllocators.shared();
        long started = System.nanoTime();
        for (long round = 0; round < rounds; round++) {
            countRound(heap, round);
        }
        assertEquals(0, heap.liveBlockCount(), "every item was destroyed and its block returned");
        assertTrue(heap.closeAndReport().isEmpty());
        System.out.printf("concurrency, atomic counts: threads=%d rounds=%d ops=%d in %d ms%n", threadCount, rounds,
                rounds * perRoundOps, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * One round: {@link #ITEMS_PER_ROUND} items, each held once by every thread; each thread
     * retains and releases its items at random while it holds them, then drops its reference.
     */
    private void countRound(GeneralAllocator heap, long round) throws Exception {
        AtomicIntegerArray destroyedElements = new AtomicIntegerArray(ITEMS_PER_ROUND);
        AtomicIntegerArray destroyingReleases = new AtomicIntegerArray(ITEMS_PER_ROUND);
        Type counted = Type.of("counted", ValueLayout.JAVA_LONG)
                .withDestructor(element -> destroyedElements.incrementAndGet((int) element.get(ValueLayout.JAVA_LONG, 0)));
        RefCounted[] items = new RefCounted[ITEMS_PER_ROUND];
        for (int i = 0; i < ITEMS_PER_ROUND; i++) {
            items[i] = heap.allocateCounted(counted, 1, 8, CountMode.ATOMIC);
            items[i].item().set(ValueLayout.JAVA_LONG, 0, i);
            for (int t = 1; t < threadCount; t++) {
                items[i].retain();
            }
            assertEquals(threadCount, items[i].count());
        }
        runThreads(index -> {
            SplittableRandom random = new SplittableRandom(round * 31 + index);
            int[] held = new int[ITEMS_PER_ROUND];
            Arrays.fill(held, 1);
            for (int op = 0; op < ITEMS_PER_ROUND * 64; op++) {
                int i = random.nextInt(ITEMS_PER_ROUND);
                if (held[i] > 1 && random.nextBoolean()) {
                    if (items[i].release()) {
                        throw new AssertionError("item=" + i + " destroyed while this thread still held " + (held[i] - 1));
                    }
                    held[i]--;
                } else {
                    items[i].retain();
                    held[i]++;
                }
            }
            for (int i = 0; i < ITEMS_PER_ROUND; i++) {
                for (; held[i] > 0; held[i]--) {
                    if (items[i].release()) {
                        destroyingReleases.incrementAndGet(i);
                    }
                }
            }
        });
        for (int i = 0; i < ITEMS_PER_ROUND; i++) {
            assertEquals(1, destroyingReleases.get(i), "exactly one release destroys item=" + i);
            assertEquals(1, destroyedElements.get(i), "its destructor ran once, item=" + i);
            assertEquals(0, items[i].count());
        }
    }

    /** Runs {@code body} on {@link #threadCount} threads started together; rethrows the first failure. */
    private void runThreads(ThreadBody body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threadCount);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            int index = t;
            threads.add(Thread.ofPlatform().name("cairn-concurrency-" + t).start(() -> {
                try {
                    start.await();
                    body.run(index);
                } catch (Throwable failure) {
                    failures.add(failure);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Throwable first = failures.peek();
        if (first != null) {
            throw new AssertionError("a thread failed (" + failures.size() + " failures)", first);
        }
    }

    @FunctionalInterface
    private interface ThreadBody {
        void run(int index) throws Exception;
    }
}
