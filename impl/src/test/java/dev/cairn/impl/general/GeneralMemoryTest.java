package dev.cairn.impl.general;

import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.Clause;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GA-7: no backing memory is an allocation fault with no change; the allocator works again once there is. */
class GeneralMemoryTest {

    @Test
    void withoutMemoryEveryAllocatingCallFailsWithNoChangeAndLaterSucceeds() {
        for (boolean confined : new boolean[] {true, false}) {
            GeneralFixture.CappedMemory memory = new GeneralFixture.CappedMemory(1);
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
}
