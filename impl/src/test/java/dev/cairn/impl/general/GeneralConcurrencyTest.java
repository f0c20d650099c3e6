package dev.cairn.impl.general;

import dev.cairn.fault.ForeignBlockFault;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static dev.cairn.impl.general.GeneralFixture.BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GA-5: a shared allocator from many threads, frees of blocks other threads allocated, racing frees. */
class GeneralConcurrencyTest {

    private static final int THREAD_COUNT = 4;
    private static final int ROUND_COUNT = 20_000;
    private static final MemorySegment POISON = MemorySegment.ofArray(new byte[1]);

    /**
     * Each thread allocates blocks, writes its tag and a serial number over the whole block, hands
     * every other block to its neighbour, and frees what it receives after checking the tags: a
     * block handed out twice, or written by someone else, shows as a wrong tag.
     */
    @Test
    void threadsAllocateAndFreeEachOthersBlocksWithoutSharingOne() throws Exception {
        try (FfmGeneralAllocator allocator = GeneralFixture.shared()) {
            List<BlockingQueue<MemorySegment>> inboxes = new ArrayList<>();
            for (int index = 0; index < THREAD_COUNT; index++) {
                inboxes.add(new ArrayBlockingQueue<>(ROUND_COUNT + 1));
            }
            AtomicInteger wrongTags = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(THREAD_COUNT);
            List<Thread> threads = new ArrayList<>();
            for (int index = 0; index < THREAD_COUNT; index++) {
                int tag = index;
                threads.add(Thread.ofPlatform().start(() -> work(allocator, tag, inboxes, start, wrongTags)));
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertTrue(!thread.isAlive(), "a worker hung");
            }
            assertEquals(0, wrongTags.get(), "no block was handed out twice or overwritten");
            assertEquals(0, allocator.liveBlockCount(), "every block was freed exactly once");
            assertEquals(0, allocator.liveByteSize());
            assertTrue(allocator.checkInvariants());
        }
    }

    private static void work(FfmGeneralAllocator allocator, int tag, List<BlockingQueue<MemorySegment>> inboxes,
                             CyclicBarrier start, AtomicInteger wrongTags) {
        Random random = new Random(tag);
        List<MemorySegment> mine = new ArrayList<>();
        BlockingQueue<MemorySegment> inbox = inboxes.get(tag);
        BlockingQueue<MemorySegment> neighbour = inboxes.get((tag + 1) % THREAD_COUNT);
        boolean neighbourDone = false;
        try {
            start.await();
            for (int round = 0; round < ROUND_COUNT; round++) {
                long byteSize = 8 + random.nextInt(round % 97 == 0 ? 50_000 : 500);
                MemorySegment block = allocator.allocate(BYTES, byteSize, 8);
                stamp(block, tag, round);
                if (round % 2 == 0) {
                    neighbour.put(block);
                } else {
                    mine.add(block);
                }
                MemorySegment received = inbox.poll();
                if (received == POISON) {
                    neighbourDone = true;
                } else if (received != null) {
                    checkAndFree(allocator, received, wrongTags);
                }
                if (mine.size() > 64) {
                    checkAndFree(allocator, mine.remove(random.nextInt(mine.size())), wrongTags);
                }
            }
            neighbour.put(POISON);
            for (MemorySegment block : mine) {
                checkAndFree(allocator, block, wrongTags);
            }
            while (!neighbourDone) {
                MemorySegment received = inbox.take();
                neighbourDone = received == POISON;
                if (!neighbourDone) {
                    checkAndFree(allocator, received, wrongTags);
                }
            }
        } catch (Exception failure) {
            wrongTags.addAndGet(1_000_000);
            throw new IllegalStateException(failure);
        }
    }

    private static void stamp(MemorySegment block, int tag, int round) {
        long word = ((long) tag << 32) | round;
        for (long offset = 0; offset + 8 <= block.byteSize(); offset += 8) {
            block.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, word);
        }
    }

    private static void checkAndFree(FfmGeneralAllocator allocator, MemorySegment block, AtomicInteger wrongTags) {
        long word = block.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        for (long offset = 8; offset + 8 <= block.byteSize(); offset += 8) {
            if (block.get(ValueLayout.JAVA_LONG_UNALIGNED, offset) != word) {
                wrongTags.incrementAndGet();
                break;
            }
        }
        allocator.free(block);
    }

    /** Two threads free the same blocks at once: for each block exactly one free wins (GA-4). */
    @Test
    void racingFreesOfOneBlockLetExactlyOneWin() throws Exception {
        try (FfmGeneralAllocator allocator = GeneralFixture.shared()) {
            int blockCount = 20_000;
            List<MemorySegment> blocks = new ArrayList<>();
            for (int index = 0; index < blockCount; index++) {
                blocks.add(allocator.allocate(BYTES, 16 + index % 300, 8));
            }
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger faults = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(2);
            Runnable freer = () -> {
                try {
                    start.await();
                } catch (Exception impossible) {
                    throw new IllegalStateException(impossible);
                }
                for (MemorySegment block : blocks) {
                    try {
                        allocator.free(block);
                        wins.incrementAndGet();
                    } catch (ForeignBlockFault expected) {
                        faults.incrementAndGet();
                    }
                }
            };
            Thread first = Thread.ofPlatform().start(freer);
            Thread second = Thread.ofPlatform().start(freer);
            first.join();
            second.join();
            assertEquals(blockCount, wins.get(), "each block freed once");
            assertEquals(blockCount, faults.get(), "each second free rejected");
            assertEquals(0, allocator.liveBlockCount());
            MemorySegment again = allocator.allocate(BYTES, 64, 8);
            assertEquals(64, again.byteSize(), "the allocator still works");
            allocator.free(again);
            assertTrue(allocator.checkInvariants());
        }
    }

    /**
     * Threads that come and go do not each keep a heap: a new thread takes over the heap of one
     * that ended, with the blocks other threads freed into it meanwhile.
     */
    @Test
    void aNewThreadAdoptsTheHeapOfAThreadThatEnded() throws Exception {
        CappedMemory memory = new CappedMemory(SystemMemory.INSTANCE, Long.MAX_VALUE);
        try (FfmGeneralAllocator allocator = new FfmGeneralAllocator(false, false, memory)) {
            List<MemorySegment> handedOver = new ArrayList<>();
            Thread first = Thread.ofVirtual().start(() -> {
                for (int index = 0; index < 100; index++) {
                    handedOver.add(allocator.allocate(BYTES, 64, 8));
                }
            });
            first.join();
            assertEquals(RegionTable.FRAME_BYTE_SIZE, memory.heldByteSize(), "one chunk");
            List<Long> addresses = new ArrayList<>();
            for (MemorySegment block : handedOver) {
                addresses.add(block.address());
                allocator.free(block);
            }
            for (int index = 0; index < 1000; index++) {
                Thread.ofVirtual().start(() -> allocator.free(allocator.allocate(BYTES, 64, 8))).join();
            }
            List<Long> reused = new ArrayList<>();
            Thread last = Thread.ofVirtual().start(() -> {
                for (int index = 0; index < 100; index++) {
                    reused.add(allocator.allocate(BYTES, 64, 8).address());
                }
            });
            last.join();
            assertEquals(RegionTable.FRAME_BYTE_SIZE, memory.heldByteSize(), "1002 threads, one after another, shared one chunk");
            assertTrue(reused.containsAll(addresses.subList(0, 99)), "remotely freed slots came back to the adopted heap");
            assertEquals(100, allocator.liveBlockCount());
            assertTrue(allocator.checkInvariants());
        }
    }
}
