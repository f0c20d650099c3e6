package dev.cairn.impl.general;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunk cache on its own, with made-up chunk addresses it never dereferences: it holds at most
 * its limit, gives the rest to its freer, and under races never loses a chunk nor hands one out
 * twice.
 */
class ChunkCacheTest {

    private static final long CHUNK = RegionTable.FRAME_BYTE_SIZE;

    @Test
    void itKeepsUpToItsLimitThenGivesTheRestToTheFreer() {
        List<Long> freed = new ArrayList<>();
        ChunkCache cache = new ChunkCache(ChunkCache.CHUNK_COUNT_MAX, freed::add);
        assertEquals(0, cache.take(), "an empty cache has nothing");
        for (int index = 1; index <= ChunkCache.CHUNK_COUNT_MAX + 2; index++) {
            cache.release(index * CHUNK);
        }
        assertEquals(ChunkCache.CHUNK_COUNT_MAX, cache.count());
        assertEquals(List.of((ChunkCache.CHUNK_COUNT_MAX + 1) * CHUNK, (ChunkCache.CHUNK_COUNT_MAX + 2) * CHUNK), freed,
                "the chunks beyond the limit went to the freer");
        assertTrue(cache.checkInvariants());
        Set<Long> taken = new HashSet<>();
        for (long address = cache.take(); address != 0; address = cache.take()) {
            assertTrue(taken.add(address), "address=" + address + " handed out twice");
            assertTrue(!cache.holds(address), "a taken chunk left the cache");
        }
        Set<Long> expected = new HashSet<>();
        for (int index = 1; index <= ChunkCache.CHUNK_COUNT_MAX; index++) {
            expected.add(index * CHUNK);
        }
        assertEquals(expected, taken);
        assertEquals(0, cache.count());
    }

    @Test
    void aLimitBelowOneIsRejected() {
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException fault = assertThrows(IllegalArgumentException.class,
                    () -> new ChunkCache(bad, address -> { }));
            assertEquals("countMax=" + bad + " must be at least 1", fault.getMessage());
        }
    }

    @Test
    void theInvariantCheckCatchesAMisalignedAddressAndADuplicate() {
        ChunkCache misaligned = new ChunkCache(2, address -> { });
        misaligned.release(CHUNK + 16);
        assertThrows(IllegalStateException.class, misaligned::checkInvariants);
        ChunkCache twice = new ChunkCache(2, address -> { });
        twice.release(CHUNK);
        twice.release(CHUNK);
        assertThrows(IllegalStateException.class, twice::checkInvariants);
    }

    /**
     * Threads each own some chunks and keep giving one back and taking one: at the end every chunk
     * is exactly once with a thread, in the cache, or with the freer (none lost, none duplicated).
     */
    @Test
    void racingTakesAndReleasesNeitherLoseNorDuplicateAChunk() throws InterruptedException {
        int threadCount = 4;
        int ownedPerThread = 3;
        List<Long> freed = Collections.synchronizedList(new ArrayList<>());
        ChunkCache cache = new ChunkCache(ChunkCache.CHUNK_COUNT_MAX, freed::add);
        List<List<Long>> owned = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int thread = 0; thread < threadCount; thread++) {
            List<Long> mine = new ArrayList<>();
            for (int index = 0; index < ownedPerThread; index++) {
                mine.add((1 + thread * ownedPerThread + index) * CHUNK);
            }
            owned.add(mine);
            threads.add(Thread.ofPlatform().start(() -> churn(cache, mine, start)));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        List<Long> everywhere = new ArrayList<>(freed);
        owned.forEach(everywhere::addAll);
        for (long address = cache.take(); address != 0; address = cache.take()) {
            everywhere.add(address);
        }
        Set<Long> distinct = new HashSet<>(everywhere);
        assertEquals(everywhere.size(), distinct.size(), "a chunk was handed out twice: " + everywhere);
        assertEquals(threadCount * ownedPerThread, distinct.size(), "a chunk was lost: " + everywhere);
    }

    private static void churn(ChunkCache cache, List<Long> mine, CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException interrupted) {
            throw new AssertionError(interrupted);
        }
        for (int round = 0; round < 200_000; round++) {
            if (!mine.isEmpty() && (round % 3 != 0)) {
                cache.release(mine.removeLast());
            } else {
                long address = cache.take();
                if (address != 0) {
                    mine.add(address);
                }
            }
        }
    }
}
