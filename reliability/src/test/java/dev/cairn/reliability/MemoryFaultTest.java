package dev.cairn.reliability;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.Clause;
import dev.cairn.impl.GeneralAllocators;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Backing memory that runs out (GA-7): a clear fault, no change, and the allocator works again once
 * memory is available.
 */
class MemoryFaultTest {

    private static final long CHUNK = 1 << 20;

    /**
     * With room for one chunk (16 pages of 64 KiB), sixteen size classes take every page; once all
     * their blocks are freed, the allocator holds nothing live, so a block of a seventeenth class
     * must be had again (GA-7: it works again once memory is available).
     */
    @Test
    void freedPagesServeOtherSizeClassesUnderACap() {
        GeneralAllocator heap = GeneralAllocators.builder().confined(true).memoryByteSizeMax(CHUNK).build();
        long[] byteSizes = {16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512};
        List<MemorySegment> blocks = new ArrayList<>();
        for (long byteSize : byteSizes) {
            blocks.add(heap.allocate(Type.BYTE, byteSize));
        }
        AllocationFault full = assertThrows(AllocationFault.class, () -> heap.allocate(Type.BYTE, 640));
        assertEquals(Clause.GA_7, full.clause());
        blocks.forEach(heap::free);
        assertEquals(0, heap.liveBlockCount());
        MemorySegment again = heap.allocate(Type.BYTE, 640);
        assertEquals(640, again.byteSize());
        heap.free(again);
        heap.close();
    }
}
