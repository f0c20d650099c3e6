package dev.cairn.impl.general;

import dev.cairn.fault.AllocationFault;
import dev.cairn.GeneralAllocator;
import dev.cairn.fault.Clause;
import dev.cairn.impl.GeneralAllocators;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.cairn.impl.general.GeneralFixture.BYTES;
import static dev.cairn.impl.general.GeneralFixture.LONG;
import static dev.cairn.impl.general.GeneralFixture.assertRejected;
import static dev.cairn.impl.general.GeneralFixture.fill;
import static dev.cairn.impl.general.GeneralFixture.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GA-7: no backing memory is an allocation fault with no change; the allocator works again once there is. */
class GeneralMemoryTest {

    @Test
    void withoutMemoryEveryAllocatingCallFailsWithNoChangeAndLaterSucceeds() {
        for (boolean confined : new boolean[] {true, false}) {
            GeneralFixture.RegionCapMemory memory = new GeneralFixture.RegionCapMemory(1);
            FfmGeneralAllocator allocator = new FfmGeneralAllocator(confined, false, memory);
            List<MemorySegment> blocks = new ArrayList<>();
            MemorySegment growable = allocator.allocateGrowable(LONG, 2);
            fill(growable, 1);
            blocks.add(growable);
            for (int index = 0; index < 30; index++) {
                MemorySegment block = allocator.allocate(BYTES, 65_536 / 2);
                fill(block.asSlice(0, 64), index);
                blocks.add(block.asSlice(0, 64));
            }
            assertEquals(1, memory.regionCount, "one chunk holds all of them, its 16 pages all in use");
            List<MemorySegment> observed = List.copyOf(blocks);
            assertRejected(AllocationFault.class, Clause.GA_7, allocator, observed, () -> allocator.allocate(LONG, 6));
            assertRejected(AllocationFault.class, Clause.GA_7, allocator, observed, () -> allocator.allocate(BYTES, 1 << 20));
            assertRejected(AllocationFault.class, Clause.GA_7, allocator, observed, () -> allocator.allocate(300, 16));
            assertRejected(AllocationFault.class, Clause.GA_7, allocator, observed, () -> allocator.resize(growable, 8));
            assertRejected(AllocationFault.class, Clause.GA_7, allocator, observed, () -> allocator.newVector(LONG, 3));
            assertTrue(allocator.isGrowable(growable), "the block that could not grow is still live");
            assertTrue(holds(growable, 1));

            memory.regionCountMax = 3;
            MemorySegment grown = allocator.resize(growable, 8);
            assertEquals(64, grown.byteSize());
            MemorySegment large = allocator.allocate(BYTES, 1 << 20);
            assertEquals(1 << 20, large.byteSize());
            assertEquals(3, memory.regionCount);
            allocator.free(large);
            assertEquals(2, memory.regionCount, "a freed large block goes straight back to the system");
            assertEquals(31, allocator.closeAndReport().blockCount());
            assertEquals(0, memory.regionCount, "close gives every region back");
        }
    }

    /**
     * The public cap (GA-7 for users): a chunk's worth of memory, then a fault with no change; freed
     * pages make room for small blocks again, while the empty chunk stays with the allocator (it is
     * given back at close), so a large block still does not fit.
     */
    @Test
    void theBuildersMemoryCapFaultsWithNoChangeAndFreesMakeRoom() {
        for (boolean confined : new boolean[] {true, false}) {
            GeneralAllocator allocator = GeneralAllocators.builder().confined(confined)
                    .memoryByteSizeMax(RegionTable.FRAME_BYTE_SIZE).build();
            List<MemorySegment> blocks = new ArrayList<>();
            for (int index = 0; index < Chunk.PAGE_COUNT * (SizeClasses.PAGE_BYTE_SIZE / SizeClasses.SMALL_BYTE_SIZE_MAX); index++) {
                MemorySegment block = allocator.allocate(BYTES, SizeClasses.SMALL_BYTE_SIZE_MAX);
                fill(block.asSlice(0, 64), index);
                blocks.add(block);
            }
            List<MemorySegment> observed = blocks.stream().map(block -> block.asSlice(0, 64)).toList();
            AllocationFault fault = assertRejectedBy(allocator, observed, () -> allocator.allocate(BYTES, 1 << 16));
            assertTrue(fault.getMessage().contains("regionByteSize=65536"), fault.getMessage());
            assertRejectedBy(allocator, observed, () -> allocator.allocate(LONG, 1));
            for (int index = 0; index < blocks.size(); index++) {
                assertTrue(holds(observed.get(index), index), "block " + index + " kept its contents");
            }
            blocks.forEach(allocator::free);
            assertRejectedBy(allocator, List.of(), () -> allocator.allocate(BYTES, 1 << 16));
            for (int index = 0; index < blocks.size(); index++) {
                allocator.allocate(BYTES, SizeClasses.SMALL_BYTE_SIZE_MAX);
            }
            assertEquals(blocks.size(), allocator.liveBlockCount(), "freed pages serve small blocks again");
            assertEquals(blocks.size(), allocator.closeAndReport().blockCount());
        }
    }

    /**
     * A free remembers the page it found, so that the next free of that page skips the region
     * table. At the cap, a page holding no live block is given another class; if it was the
     * remembered page, a free of a block of its new class must find the new page (a stale one
     * would call the block not live, GA-4) and leave the allocator's invariants intact.
     */
    @Test
    void aFreeFindsThePageThatReplacedTheOneItRemembered() {
        for (boolean confined : new boolean[] {true, false}) {
            FfmGeneralAllocator allocator = new FfmGeneralAllocator(confined, false, new GeneralFixture.RegionCapMemory(1));
            List<MemorySegment> blocks = new ArrayList<>();
            long perPage = SizeClasses.PAGE_BYTE_SIZE / SizeClasses.SMALL_BYTE_SIZE_MAX;
            for (int index = 0; index < Chunk.PAGE_COUNT * perPage; index++) {
                blocks.add(allocator.allocate(BYTES, SizeClasses.SMALL_BYTE_SIZE_MAX));
            }
            MemorySegment firstOfChunk = blocks.getFirst();
            for (MemorySegment block : blocks.reversed()) {
                allocator.free(block); // the first page of the chunk is freed last: it is remembered
            }
            MemorySegment reused = allocator.allocate(LONG, 1);
            assertEquals(firstOfChunk.address(), reused.address(), "the chunk's first page took the new class");
            fill(reused, 7);
            allocator.free(reused);
            assertEquals(0, allocator.liveBlockCount());
            assertTrue(allocator.checkInvariants());
            MemorySegment again = allocator.allocate(LONG, 1);
            assertEquals(reused.address(), again.address(), "the freed slot serves the next block of its class");
            assertEquals(1, allocator.closeAndReport().blockCount());
        }
    }

    @Test
    void theBuilderRejectsACapBelowOneAndKeepsItsSettings() {
        GeneralAllocators.Builder builder = GeneralAllocators.builder().memoryByteSizeMax(1);
        for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
            IllegalArgumentException fault = assertThrows(IllegalArgumentException.class, () -> builder.memoryByteSizeMax(bad));
            assertEquals("memoryByteSizeMax=" + bad + " must be at least 1", fault.getMessage());
        }
        try (GeneralAllocator allocator = builder.build()) {
            assertThrows(AllocationFault.class, () -> allocator.allocate(LONG, 1), "the cap of 1 byte still holds");
            assertEquals(0, allocator.liveBlockCount());
        }
    }

    private static AllocationFault assertRejectedBy(GeneralAllocator allocator, List<MemorySegment> observed,
                                                    org.junit.jupiter.api.function.Executable call) {
        GeneralFixture.Snapshot before = GeneralFixture.snapshot(allocator, observed);
        AllocationFault fault = assertThrows(AllocationFault.class, call);
        assertEquals(Clause.GA_7, Clause.of(fault).orElseThrow());
        assertEquals(before, GeneralFixture.snapshot(allocator, observed), "a rejected call changed the state");
        return fault;
    }
}
