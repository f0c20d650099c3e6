package dev.cairn.reliability;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.impl.GeneralAllocators;
import dev.cairn.impl.StackPools;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A freshly allocated block is zero even when its memory was used before (GA-1, GA-3, SP-2,
 * VE-1, RC-1): every block is dirtied, given back, and the memory taken again at every size
 * class, alignment and path (pushes after pops, growth after a shrink, in place and moved,
 * vectors after removals, counted items, large blocks). The raw variants ({@code
 * allocateUninitialized}, {@code pushUninitialized}) are exempt by contract: they may hand back
 * what the memory held (docs/reliability.md).
 */
class StaleDataTest {

    private static final byte DIRT = (byte) 0xD7;
    private static final long[] BYTE_SIZES = {1, 7, 16, 17, 48, 64, 100, 128, 160, 256, 320, 500, 512, 640, 1000, 1024,
        1536, 2048, 3000, 4096, 6000, 8192, 12_000, 16_384, 24_576, 32_768, 32_769, 65_536, 100_000, 300_000};

    private static void assertZero(MemorySegment block, String what) {
        long at = block.mismatch(MemorySegment.ofArray(new byte[(int) block.byteSize()]));
        if (at >= 0) {
            fail(what + ": byte at offset=" + at + " of byteSize=" + block.byteSize() + " is "
                    + block.get(ValueLayout.JAVA_BYTE, at) + ", stale data from an earlier block");
        }
    }

    @Test
    void generalAllocatorBlocksAreZeroAfterTheirMemoryWasDirtiedAtEverySizeAndAlignment() {
        for (boolean confined : new boolean[] {true, false}) {
            GeneralAllocator heap = GeneralAllocators.builder().confined(confined).build();
            AlignmentContext.run(AlignmentContext.CEILING_BYTE_ALIGNMENT, () -> {
                for (long byteSize : BYTE_SIZES) {
                    for (long alignment = 1; alignment <= AlignmentContext.CEILING_BYTE_ALIGNMENT; alignment *= 4) {
                        for (int round = 0; round < 3; round++) {
                            MemorySegment block = heap.allocate(Type.BYTE, byteSize, alignment);
                            assertZero(block, "allocate byteSize=" + byteSize + " byteAlignment=" + alignment);
                            block.fill(DIRT);
                            heap.free(block);
                        }
                        MemorySegment bytes = heap.allocate(byteSize, alignment);
                        assertZero(bytes, "SegmentAllocator.allocate byteSize=" + byteSize);
                        bytes.fill(DIRT);
                        heap.free(bytes);
                        RefCounted item = heap.allocateCounted(Type.BYTE, byteSize, alignment, CountMode.ATOMIC);
                        assertZero(item.item(), "allocateCounted byteSize=" + byteSize);
                        item.item().fill(DIRT);
                        item.release();
                    }
                }
            });
            heap.close();
        }
    }

    @Test
    void growthAfterAShrinkAndIntoADirtySlotIsZero() {
        GeneralAllocator heap = GeneralAllocators.confined();
        for (long byteSize : BYTE_SIZES) {
            MemorySegment block = heap.allocateGrowable(Type.BYTE, byteSize);
            block.fill(DIRT);
            MemorySegment shrunk = heap.resize(block, 1);
            MemorySegment grown = heap.resize(shrunk, byteSize);
            assertEquals(DIRT, grown.get(ValueLayout.JAVA_BYTE, 0), "the kept element is kept");
            assertZero(grown.asSlice(1), "growth after a shrink, byteSize=" + byteSize);
            grown.fill(DIRT);
            MemorySegment doubled = heap.resize(grown, byteSize * 2 + 1);
            assertZero(doubled.asSlice(byteSize), "growth past the block, byteSize=" + byteSize);
            doubled.fill(DIRT);
            heap.free(doubled);
            MemorySegment reused = heap.allocateGrowable(Type.BYTE, byteSize);
            assertZero(reused, "growable on a dirty slot, byteSize=" + byteSize);
            MemorySegment inPlace = heap.resize(reused, byteSize + byteSize / 2 + 1);
            assertZero(inPlace, "growth in place into a dirty slot, byteSize=" + byteSize);
            heap.free(inPlace);
        }
        heap.close();
    }

    @Test
    void vectorElementsAreZeroAfterRemovalsAndGrowth() {
        GeneralAllocator heap = GeneralAllocators.shared();
        Type longs = Type.of("long", ValueLayout.JAVA_LONG);
        Vector vector = heap.newVector(longs, 2);
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 37; i++) {
                vector.append().fill(DIRT);
            }
            for (int i = 0; i < 30; i++) {
                vector.removeLast();
            }
        }
        for (int i = 0; i < 300; i++) {
            assertZero(vector.append(), "append after removals, size=" + vector.size());
        }
        vector.free();
        Vector reused = heap.newVector(longs, 64);
        for (int i = 0; i < 64; i++) {
            assertZero(reused.append(), "a new vector on a dirty block, index=" + i);
        }
        heap.close();
    }

    @Test
    void stackBlocksAreZeroAfterPopsAtEveryAlignmentAndAfterFrames() {
        StackPool pool = StackPools.allocate(1 << 20);
        AlignmentContext.run(AlignmentContext.CEILING_BYTE_ALIGNMENT, () -> {
            for (long byteSize : BYTE_SIZES) {
                if (byteSize > 100_000) {
                    continue;
                }
                for (long alignment = 1; alignment <= AlignmentContext.CEILING_BYTE_ALIGNMENT; alignment *= 2) {
                    pushesAfterPops(pool, byteSize, alignment);
                }
            }
        });
        assertEquals(0, pool.top());
        pool.close();
    }

    /** Dirty blocks pushed and popped, then the same memory pushed again, plainly and in a frame. */
    private static void pushesAfterPops(StackPool pool, long byteSize, long alignment) {
        try (StackPool.Frame outer = pool.mark()) {
            pool.push(Type.BYTE, 3).fill(DIRT);
            List<MemorySegment> dirty = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                MemorySegment block = pool.push(Type.BYTE, byteSize, alignment);
                assertZero(block, "push byteSize=" + byteSize + " byteAlignment=" + alignment);
                block.fill(DIRT);
                dirty.add(block);
            }
            for (MemorySegment block : dirty.reversed()) {
                pool.pop(block);
            }
            try (StackPool.Frame inner = pool.mark()) {
                assertZero(pool.push(Type.BYTE, byteSize, alignment), "push after pops, byteSize=" + byteSize);
                assertZero(pool.allocate(byteSize, alignment), "SegmentAllocator.allocate after pops");
                pool.push(Type.BYTE, byteSize).fill(DIRT);
            }
            assertZero(pool.push(Type.BYTE, byteSize * 2, alignment), "push after a frame closed");
        }
    }
}
