package dev.cairn.impl.general;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Vector;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.ForeignBlockFault;
import dev.cairn.fault.RefCountFault;
import dev.cairn.impl.GeneralAllocators;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static dev.cairn.impl.general.GeneralFixture.BYTES;
import static dev.cairn.impl.general.GeneralFixture.LONG;
import static dev.cairn.impl.general.GeneralFixture.assertRejected;
import static dev.cairn.impl.general.GeneralFixture.fill;
import static dev.cairn.impl.general.GeneralFixture.frameOf;
import static dev.cairn.impl.general.GeneralFixture.holds;
import static dev.cairn.impl.general.GeneralFixture.isZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunk cache of the system memory ({@link ChunkCache}): a closed allocator's chunks serve the
 * next allocator; their old bytes never show through a zeroing path (GA-1, GA-3, VE-1, RC-1); the
 * cache is bounded; a cap counts a cached chunk like a fresh one (GA-7); racing allocators never
 * share a live chunk; a closed allocator's segments stay inaccessible (GA-6).
 */
class GeneralChunkReuseTest {

    private static final byte DIRT = (byte) 0xD7;
    private static final long CHUNK = RegionTable.FRAME_BYTE_SIZE;

    @Test
    void aClosedAllocatorsChunkServesTheNextAllocatorOfTheProcess() {
        ChunkCache cache = SystemMemory.INSTANCE.chunkCache;
        GeneralFixture.OwnSystemMemory.drain(cache);
        GeneralAllocator first = GeneralAllocators.builder().build();
        long frame = frameOf(first.allocate(LONG, 8));
        assertEquals(1, first.closeAndReport().blockCount());
        assertTrue(cache.holds(frame), "the closed allocator's chunk went to the process-wide cache");
        assertEquals(1, cache.count());
        GeneralAllocator next = GeneralAllocators.builder().confined(true).build();
        assertEquals(frame, frameOf(next.allocate(BYTES, 100)), "the next allocator got that chunk");
        assertEquals(0, cache.count());
        assertEquals(1, next.closeAndReport().blockCount());
        assertTrue(cache.checkInvariants());
    }

    @Test
    void theCacheKeepsItsLimitAndFreesTheRest() {
        GeneralFixture.OwnSystemMemory own = new GeneralFixture.OwnSystemMemory();
        List<FfmGeneralAllocator> allocators = new ArrayList<>();
        Set<Long> frames = new HashSet<>();
        for (int index = 0; index < ChunkCache.CHUNK_COUNT_MAX + 2; index++) {
            FfmGeneralAllocator allocator = new FfmGeneralAllocator(index % 2 == 0, false, own.memory);
            frames.add(frameOf(allocator.allocate(LONG, 1)));
            allocators.add(allocator);
        }
        assertEquals(ChunkCache.CHUNK_COUNT_MAX + 2, frames.size(), "one chunk each, all distinct");
        allocators.forEach(FfmGeneralAllocator::closeAndReport);
        assertEquals(ChunkCache.CHUNK_COUNT_MAX, own.cache.count(), "the cache is full");
        assertEquals(2, own.freed.size(), "the two chunks beyond the limit went to free");
        Set<Long> accounted = new HashSet<>(own.freed);
        for (long frame : frames) {
            if (own.cache.holds(frame)) {
                accounted.add(frame);
            }
        }
        assertEquals(frames, accounted, "every chunk is either cached or freed, none both");
        assertTrue(own.cache.checkInvariants());
        own.drain();
    }

    /**
     * Four chunks fully dirtied by one allocator, closed, then taken by the next: every zeroing
     * path gives zeros, on slots of those very chunks, while the raw variant shows the dirt (so
     * the dirt is there to be seen). Half the size classes at a time, so that the next allocator's
     * pages fit in the four dirty chunks (large blocks have regions of their own, zeroed as well).
     */
    @Test
    void staleBytesOfAnEarlierAllocatorNeverShowThroughAZeroingPath() {
        for (boolean confined : new boolean[] {true, false}) {
            for (int from = 0; from < SizeClasses.CLASS_COUNT; from += SizeClasses.CLASS_COUNT / 2) {
                GeneralFixture.OwnSystemMemory own = new GeneralFixture.OwnSystemMemory();
                Set<Long> dirtyFrames = dirtyChunksThenClose(own.memory, confined);
                assertEquals(ChunkCache.CHUNK_COUNT_MAX, own.cache.count());
                FfmGeneralAllocator next = new FfmGeneralAllocator(confined, false, own.memory);
                MemorySegment raw = next.allocateUninitialized(BYTES, 48, 1);
                assertTrue(dirtyFrames.contains(frameOf(raw)), "the next allocator took a dirty chunk");
                assertEquals(-1, raw.mismatch(MemorySegment.ofArray(new byte[48]).fill(DIRT)),
                        "the raw variant sees the old bytes: the check below can fail");
                for (int sizeClass = from; sizeClass < from + SizeClasses.CLASS_COUNT / 2; sizeClass++) {
                    int checked = sizeClass;
                    zeroingAllocations(next, SizeClasses.byteSize(sizeClass), block -> {
                        assertTrue(isZero(block), "stale bytes in a block of byteSize=" + block.byteSize()
                                + " of class=" + checked);
                        if (RegionTable.SHARED.lookup(block.address()) instanceof Chunk) {
                            assertTrue(dirtyFrames.contains(frameOf(block)), "the block of byteSize="
                                    + block.byteSize() + " of class=" + checked + " is in a reused chunk");
                        }
                    });
                }
                next.closeAndReport();
                own.drain();
            }
        }
    }

    /** A large block whose region is exactly one chunk passes through the cache too, and is zeroed. */
    @Test
    void aLargeBlockOfOneChunkIsReusedAndZeroed() {
        GeneralFixture.OwnSystemMemory own = new GeneralFixture.OwnSystemMemory();
        FfmGeneralAllocator allocator = new FfmGeneralAllocator(true, false, own.memory);
        MemorySegment large = allocator.allocateUninitialized(BYTES, CHUNK, 1);
        large.fill(DIRT);
        long frame = frameOf(large);
        allocator.free(large);
        assertTrue(own.cache.holds(frame));
        MemorySegment again = allocator.allocate(BYTES, CHUNK);
        assertEquals(frame, again.address(), "the region came back from the cache");
        assertTrue(isZero(again));
        again.fill(DIRT);
        allocator.free(again);
        MemorySegment growable = allocator.allocateGrowable(BYTES, CHUNK - 1000);
        assertEquals(frame, growable.address());
        assertTrue(isZero(growable));
        growable.fill(DIRT);
        MemorySegment grown = allocator.resize(allocator.resize(growable, 10), CHUNK - 1000);
        assertTrue(isZero(grown.asSlice(10)), "growth in place zeroes the new bytes");
        assertEquals(1, allocator.closeAndReport().blockCount());
        own.drain();
    }

    /** Regions of another size, or a chunk-sized request with another alignment, bypass the cache. */
    @Test
    void onlyChunkSizedChunkAlignedRegionsPassThroughTheCache() {
        GeneralFixture.OwnSystemMemory own = new GeneralFixture.OwnSystemMemory();
        FfmGeneralAllocator allocator = new FfmGeneralAllocator(true, false, own.memory);
        allocator.free(allocator.allocate(BYTES, 128 * 1024));
        allocator.free(allocator.allocate(BYTES, 2 * CHUNK));
        assertEquals(0, own.cache.count(), "large regions other than one chunk went to free");
        allocator.free(allocator.allocate(BYTES, CHUNK));
        assertEquals(1, own.cache.count(), "a large region of exactly one chunk was kept");
        MemorySegment unaligned = own.memory.allocate(CHUNK, 16, Arena.global());
        assertEquals(1, own.cache.count(), "a request aligned to 16 is not served from the cache");
        own.memory.release(unaligned.address(), CHUNK);
        assertTrue(own.cache.count() <= 2 && own.cache.checkInvariants());
        assertEquals(0, allocator.closeAndReport().blockCount());
        own.drain();
    }

    /**
     * A cap counts a chunk taken from the cache exactly like a fresh one: the first fault comes at
     * the same allocation with a warm cache as with an empty one, and close un-counts every chunk.
     */
    @Test
    void aCappedAllocatorCountsACachedChunkLikeAFreshOne() {
        GeneralFixture.OwnSystemMemory warm = new GeneralFixture.OwnSystemMemory();
        dirtyChunksThenClose(warm.memory, true);
        assertEquals(ChunkCache.CHUNK_COUNT_MAX, warm.cache.count());
        GeneralFixture.OwnSystemMemory cold = new GeneralFixture.OwnSystemMemory();
        assertEquals(0, cold.cache.count());
        assertEquals(2 * Chunk.PAGE_COUNT, pagesBeforeTheFirstFault(warm), "a cap of two chunks: 32 pages");
        assertEquals(2 * Chunk.PAGE_COUNT, pagesBeforeTheFirstFault(cold));
        assertEquals(ChunkCache.CHUNK_COUNT_MAX, warm.cache.count(), "the two chunks went back to the cache");
        assertEquals(2, cold.cache.count());
        warm.drain();
        cold.drain();
    }

    /** {@return how many size classes (one new page each) a 2-chunk cap allows before GA-7} */
    private static int pagesBeforeTheFirstFault(GeneralFixture.OwnSystemMemory own) {
        int cachedBefore = own.cache.count();
        CappedMemory capped = new CappedMemory(own.memory, 2 * CHUNK);
        FfmGeneralAllocator allocator = new FfmGeneralAllocator(true, false, capped);
        List<MemorySegment> blocks = new ArrayList<>();
        int sizeClass = 0;
        while (true) {
            long byteSize = SizeClasses.byteSize(sizeClass);
            if (sizeClass == 2 * Chunk.PAGE_COUNT) {
                assertRejected(AllocationFault.class, Clause.GA_7, allocator, blocks,
                        () -> allocator.allocate(BYTES, byteSize));
                assertEquals(2 * CHUNK, capped.heldByteSize(), "the fault counted nothing");
                assertEquals(blocks.size(), allocator.closeAndReport().blockCount());
                assertEquals(0, capped.heldByteSize(), "close un-counts every chunk");
                return sizeClass;
            } else if (sizeClass % Chunk.PAGE_COUNT == 0) {
                long heldBefore = capped.heldByteSize();
                blocks.add(allocator.allocate(BYTES, byteSize).asSlice(0, 16));
                assertEquals(heldBefore + CHUNK, capped.heldByteSize(), "a new chunk counts 1 MiB");
                assertEquals(Math.max(0, cachedBefore - sizeClass / Chunk.PAGE_COUNT - 1), own.cache.count(),
                        "the chunk came from the cache while it had one");
            } else {
                blocks.add(allocator.allocate(BYTES, byteSize).asSlice(0, 16));
            }
            sizeClass++;
        }
    }

    /**
     * A closed allocator's block, whose memory now belongs to the next allocator's live block,
     * stays inaccessible; the closed allocator (its freer included) refuses the new block and its
     * address; the next allocator refuses the old segment.
     */
    @Test
    void aClosedAllocatorsSegmentsStayInaccessibleWhenItsChunkIsReused() {
        GeneralFixture.OwnSystemMemory own = new GeneralFixture.OwnSystemMemory();
        FfmGeneralAllocator closed = new FfmGeneralAllocator(true, false, own.memory);
        MemorySegment old = closed.allocate(LONG, 8);
        fill(old, 1);
        Vector vector = closed.newVector(LONG, 2);
        vector.append();
        RefCounted item = closed.allocateCounted(LONG, 2, 8, CountMode.ATOMIC);
        assertEquals(3, closed.closeAndReport().blockCount());
        FfmGeneralAllocator next = new FfmGeneralAllocator(true, false, own.memory);
        MemorySegment reused = next.allocate(LONG, 8);
        assertEquals(old.address(), reused.address(), "the same memory, now the next allocator's block");
        fill(reused, 2);
        assertThrows(IllegalStateException.class, () -> old.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> old.fill((byte) 0));
        assertThrows(ClosedFault.class, () -> closed.free(old));
        for (MemorySegment target : List.of(reused, MemorySegment.ofAddress(reused.address()))) {
            assertThrows(ClosedFault.class, () -> closed.free(target), "the closed allocator frees nothing");
            assertThrows(ClosedFault.class, () -> closed.freer().free(target));
            assertThrows(ClosedFault.class, () -> closed.resize(target, 1));
            assertThrows(ClosedFault.class, () -> closed.typeOf(target));
            assertThrows(ClosedFault.class, () -> closed.isGrowable(target));
        }
        assertThrows(ClosedFault.class, () -> vector.get(0));
        assertThrows(RefCountFault.class, item::retain);
        assertRejected(ForeignBlockFault.class, Clause.GA_4, next, List.of(reused), () -> next.free(old));
        assertTrue(holds(reused, 2), "nothing of the closed allocator reached the live block");
        assertEquals(1, next.liveBlockCount());
        assertEquals(1, next.closeAndReport().blockCount());
        own.drain();
    }

    /**
     * Threads make, use and close allocators of the process-wide system memory: a chunk is never
     * in two live allocators at once (a shared map of live chunks), never written by another
     * (each fills its blocks with its own tag and checks it before closing), and every zeroing
     * allocation is zero.
     */
    @Test
    void racingAllocatorsNeverShareALiveChunk() throws Exception {
        int threadCount = 4;
        Map<Long, Integer> liveFrames = new ConcurrentHashMap<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(threadCount);
        List<Thread> threads = new ArrayList<>();
        for (int index = 0; index < threadCount; index++) {
            int tag = index;
            threads.add(Thread.ofPlatform().start(() -> makeUseClose(tag, start, liveFrames, failures)));
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!thread.isAlive(), "a worker hung");
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertTrue(liveFrames.isEmpty());
        assertTrue(SystemMemory.INSTANCE.chunkCache.checkInvariants());
    }

    private static void makeUseClose(int tag, CyclicBarrier start, Map<Long, Integer> liveFrames,
                                     Queue<String> failures) {
        try {
            start.await();
        } catch (Exception interrupted) {
            failures.add(interrupted.toString());
            return;
        }
        for (int round = 0; round < 500 && failures.isEmpty(); round++) {
            GeneralAllocator allocator = GeneralAllocators.builder().confined(round % 2 == 0).build();
            List<MemorySegment> blocks = new ArrayList<>();
            Set<Long> frames = new HashSet<>();
            for (long byteSize : new long[] {64, 512, 4096, 32_768}) {
                MemorySegment block = allocator.allocate(BYTES, byteSize);
                if (!isZero(block)) {
                    failures.add("tag=" + tag + " round=" + round + ": stale bytes in byteSize=" + byteSize);
                }
                blocks.add(block);
                frames.add(frameOf(block));
            }
            for (long frame : frames) {
                Integer other = liveFrames.putIfAbsent(frame, tag);
                if (other != null) {
                    failures.add("frame=0x" + Long.toHexString(frame) + " live in tag=" + other + " and tag=" + tag);
                }
            }
            long pattern = tag * 1000L + round;
            blocks.forEach(block -> fill(block, pattern));
            Thread.yield();
            for (MemorySegment block : blocks) {
                if (!holds(block, pattern)) {
                    failures.add("tag=" + tag + " round=" + round + ": a block was overwritten");
                }
            }
            frames.forEach(liveFrames::remove); // before close: the chunk may be taken as soon as it is released
            blocks.forEach(allocator::free);
            allocator.close();
        }
    }

    /**
     * Fills {@link ChunkCache#CHUNK_COUNT_MAX} chunks of a new allocator with {@link #DIRT} (32 KiB
     * blocks, the whole of every page), then closes it: the cache, empty before, holds them.
     *
     * @return the chunks' addresses
     */
    private static Set<Long> dirtyChunksThenClose(NativeMemory memory, boolean confined) {
        Set<Long> frames = new HashSet<>();
        FfmGeneralAllocator dirty = new FfmGeneralAllocator(confined, false, memory);
        long blockCount = ChunkCache.CHUNK_COUNT_MAX * CHUNK / SizeClasses.SMALL_BYTE_SIZE_MAX;
        for (long index = 0; index < blockCount; index++) {
            MemorySegment block = dirty.allocateUninitialized(BYTES, SizeClasses.SMALL_BYTE_SIZE_MAX, 1);
            block.fill(DIRT);
            frames.add(frameOf(block));
        }
        assertEquals(blockCount, dirty.closeAndReport().blockCount());
        assertEquals(ChunkCache.CHUNK_COUNT_MAX, frames.size());
        return frames;
    }

    /**
     * Makes blocks of about {@code byteSize} by every zeroing path, and checks each as soon as it
     * is made (a later allocation may reuse a slot a moving resize freed): allocate (typed,
     * aligned, and as a {@code SegmentAllocator}), a growable block grown in place and moved, a
     * counted item, and a vector's appended elements across its growth.
     */
    private static void zeroingAllocations(FfmGeneralAllocator allocator, long byteSize,
                                           Consumer<MemorySegment> check) {
        check.accept(allocator.allocate(BYTES, byteSize));
        check.accept(allocator.allocate(LONG, Math.max(1, byteSize / 8), 8));
        check.accept(allocator.allocate(byteSize, 16));
        MemorySegment growable = allocator.allocateGrowable(BYTES, Math.max(1, byteSize / 2));
        check.accept(growable);
        MemorySegment inPlace = allocator.resize(growable, byteSize);
        check.accept(inPlace);
        check.accept(allocator.resize(inPlace, byteSize * 4));
        check.accept(allocator.allocateCounted(BYTES, byteSize, 1, CountMode.CONFINED).item());
        Vector vector = allocator.newVector(LONG, 1);
        for (int index = 0; index < 5; index++) {
            check.accept(vector.append());
        }
    }
}
