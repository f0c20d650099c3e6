package dev.cairn.impl.general;

import dev.cairn.AlignmentContext;
import dev.cairn.GeneralAllocator;
import dev.cairn.MaxAlign;
import dev.cairn.Type;
import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.impl.GeneralAllocators;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static dev.cairn.impl.general.GeneralFixture.BYTES;
import static dev.cairn.impl.general.GeneralFixture.INT;
import static dev.cairn.impl.general.GeneralFixture.LONG;
import static dev.cairn.impl.general.GeneralFixture.assertRejected;
import static dev.cairn.impl.general.GeneralFixture.fill;
import static dev.cairn.impl.general.GeneralFixture.holds;
import static dev.cairn.impl.general.GeneralFixture.isZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GA-1, GA-2, GA-3, GA-8, TY-2 and AC-4 on the FFM general allocator. */
class GeneralAllocationTest {

    @Test
    void sizeClassesMapEverySizeToTheSmallestClassThatHoldsIt() {
        assertTrue(SizeClasses.checkInvariants());
        assertEquals(64, SizeClasses.byteSize(SizeClasses.classOf(64, 16)));
        assertEquals(160, SizeClasses.byteSize(SizeClasses.classOf(129, 8)));
        assertEquals(256, SizeClasses.byteSize(SizeClasses.classOf(130, 256)), "aligned blocks take a power of two");
        assertEquals(4096, SizeClasses.byteSize(SizeClasses.classOf(16, 4096)));
        assertEquals(-1, SizeClasses.classOf(SizeClasses.SMALL_BYTE_SIZE_MAX + 1, 1));
    }

    @Test
    void blocksHaveTheirSizeAlignmentAndZeroesAndNeverOverlap() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                Random random = new Random(7);
                List<MemorySegment> blocks = new ArrayList<>();
                for (int index = 0; index < 3000; index++) {
                    long byteSize = 1 + random.nextInt(index % 10 == 0 ? 70_000 : 300);
                    long byteAlignment = 1L << random.nextInt(5);
                    MemorySegment block = allocator.allocate(BYTES, byteSize, byteAlignment);
                    assertEquals(byteSize, block.byteSize());
                    assertEquals(0, block.address() % byteAlignment);
                    assertTrue(isZero(block), "GA-1: zero-filled");
                    fill(block, index);
                    blocks.add(block);
                }
                assertNoOverlap(blocks);
                for (int index = 0; index < blocks.size(); index++) {
                    assertTrue(holds(blocks.get(index), index), "no block overwrote another");
                }
                assertEquals(blocks.size(), allocator.liveBlockCount());
                assertEquals(blocks.stream().mapToLong(MemorySegment::byteSize).sum(), allocator.liveByteSize());
                assertTrue(allocator.checkInvariants());
            }
        }
    }

    @Test
    void alignmentsUpToTheContextCeilingAreHonoured() {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined()) {
            AlignmentContext.run(AlignmentContext.CEILING_BYTE_ALIGNMENT, () -> {
                for (long alignment = 1; alignment <= AlignmentContext.CEILING_BYTE_ALIGNMENT; alignment <<= 1) {
                    for (long byteSize : new long[] {1, 24, 5000, 40_000}) {
                        MemorySegment block = allocator.allocate(BYTES, byteSize, alignment);
                        assertEquals(0, block.address() % alignment, "alignment=" + alignment + " size=" + byteSize);
                    }
                }
                MemorySegment typed = allocator.allocate(Type.of("v4", MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_LONG)
                        .withByteAlignment(32)), 3);
                assertEquals(0, typed.address() % 32, "AC-4: the type's own alignment counts");
            });
        }
    }

    @Test
    void aFreedSlotIsReusedAndZeroedAgainButTheRawVariantNeedNotZero() {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined()) {
            MemorySegment first = allocator.allocate(LONG, 8);
            fill(first, 3);
            long address = first.address();
            allocator.free(first);
            MemorySegment second = allocator.allocate(LONG, 8);
            assertEquals(address, second.address(), "LIFO reuse of the slot");
            assertTrue(isZero(second));
            fill(second, 4);
            allocator.free(second);
            MemorySegment raw = allocator.allocateUninitialized(LONG, 8, 1);
            assertEquals(address, raw.address());
            assertTrue(holds(raw, 4), "the raw variant does not zero");
        }
    }

    @Test
    void blocksAreFixedUnlessGrowableAndResizeKeepsContentsZeroesNewAndKeepsAlignment() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                AlignmentContext.run(64, () -> resizeKeepsContents(allocator));
            }
        }
    }

    private static void resizeKeepsContents(FfmGeneralAllocator allocator) {
        MemorySegment fixed = allocator.allocate(LONG, 2);
        assertFalse(allocator.isGrowable(fixed));
        assertSame(LONG, allocator.typeOf(fixed));
        MemorySegment block = allocator.allocateGrowable(LONG, 2, 64);
        assertTrue(allocator.isGrowable(block));
        block.setAtIndex(ValueLayout.JAVA_LONG, 0, 11);
        block.setAtIndex(ValueLayout.JAVA_LONG, 1, 22);
        for (long count = 4; count <= 16_384; count *= 2) {
            block = allocator.resize(block, count);
            assertEquals(count * 8, block.byteSize());
            assertEquals(0, block.address() % 64, "GA-3: same alignment after a move");
            assertEquals(11, block.getAtIndex(ValueLayout.JAVA_LONG, 0));
            assertEquals(22, block.getAtIndex(ValueLayout.JAVA_LONG, 1));
            assertTrue(isZero(block.asSlice(count * 4)), "GA-3: new elements are zero");
            block.setAtIndex(ValueLayout.JAVA_LONG, count - 1, count);
            assertTrue(allocator.isGrowable(block));
            assertEquals(2, allocator.liveBlockCount(), "a move frees the old block");
            assertEquals(16 + count * 8, allocator.liveByteSize());
        }
        block = allocator.resize(block, 3);
        assertEquals(24, block.byteSize());
        assertEquals(22, block.getAtIndex(ValueLayout.JAVA_LONG, 1));
        block = allocator.resize(block, 5);
        assertEquals(0, block.getAtIndex(ValueLayout.JAVA_LONG, 3), "regrown elements are zero");
        assertTrue(allocator.checkInvariants());
    }

    @Test
    void growthWithinTheSlotStaysInPlace() {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined()) {
            MemorySegment block = allocator.allocateGrowable(BYTES, 40);
            MemorySegment grown = allocator.resize(block, 80);
            assertEquals(block.address(), grown.address(), "a growable block of 40 bytes takes an 80-byte slot");
            MemorySegment moved = allocator.resize(grown, 81);
            assertNotEquals(block.address(), moved.address());
            MemorySegment doubled = allocator.resize(moved, 160);
            assertEquals(moved.address(), doubled.address(), "after a move the next doubling fits again");
            MemorySegment fixed = allocator.allocate(BYTES, 40);
            MemorySegment next = allocator.allocate(BYTES, 40);
            assertEquals(48, next.address() - fixed.address(), "fixed blocks get no headroom");
            MemorySegment large = allocator.allocateGrowable(BYTES, 40_000);
            MemorySegment largeGrown = allocator.resize(large, 60_000);
            assertEquals(large.address(), largeGrown.address(), "a large block grows in place to its capacity");
        }
    }

    @Test
    void isASegmentAllocatorOfFixedByteBlocks() {
        try (GeneralAllocator allocator = GeneralAllocators.confined()) {
            SegmentAllocator segments = allocator;
            MemorySegment text = segments.allocateFrom("cairn");
            assertEquals("cairn", text.getString(0));
            MemorySegment longs = segments.allocate(ValueLayout.JAVA_LONG, 3);
            assertEquals(24, longs.byteSize());
            assertSame(Type.BYTE, allocator.typeOf(longs));
            assertFalse(allocator.isGrowable(longs));
            assertEquals(2, allocator.liveBlockCount());
            allocator.free(text);
            allocator.free(longs);
            assertEquals(0, allocator.liveBlockCount());
        }
    }

    @Test
    void badCountsSizesAndAlignmentsAreRejectedWithNoChange() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                MemorySegment kept = allocator.allocate(INT, 3);
                fill(kept, 9);
                List<MemorySegment> blocks = List.of(kept);
                assertRejected(ArgumentFault.class, Clause.TY_2, allocator, blocks, () -> allocator.allocate(INT, 0));
                assertRejected(ArgumentFault.class, Clause.TY_2, allocator, blocks,
                        () -> allocator.allocate(INT, Long.MAX_VALUE / 2));
                assertRejected(ArgumentFault.class, Clause.TY_2, allocator, blocks,
                        () -> allocator.allocateGrowable(INT, -1));
                assertRejected(ArgumentFault.class, Clause.GA_8, allocator, blocks, () -> allocator.allocate(0, 8));
                assertRejected(ArgumentFault.class, Clause.AC_4, allocator, blocks,
                        () -> allocator.allocate(INT, 1, 12));
                assertRejected(AlignmentFault.class, Clause.AC_4, allocator, blocks,
                        () -> allocator.allocate(INT, 1, MaxAlign.BYTE_ALIGNMENT * 2));
                assertRejected(AlignmentFault.class, Clause.AC_4, allocator, blocks,
                        () -> AlignmentContext.run(2, () -> allocator.allocate(INT, 1)));
                assertRejected(AlignmentFault.class, Clause.AC_4, allocator, blocks,
                        () -> AlignmentContext.run(4, () -> allocator.allocateUninitialized(LONG, 1, 1)));
                MemorySegment growable = allocator.allocateGrowable(INT, 2);
                List<MemorySegment> withGrowable = List.of(kept, growable);
                assertRejected(ArgumentFault.class, Clause.TY_2, allocator, withGrowable,
                        () -> allocator.resize(growable, 0));
                assertRejected(ArgumentFault.class, Clause.TY_2, allocator, withGrowable,
                        () -> allocator.resize(growable, Long.MAX_VALUE));
                assertTrue(holds(kept, 9));
            }
        }
    }

    private static void assertNoOverlap(List<MemorySegment> blocks) {
        List<MemorySegment> sorted = new ArrayList<>(blocks);
        sorted.sort((left, right) -> Long.compareUnsigned(left.address(), right.address()));
        for (int index = 1; index < sorted.size(); index++) {
            MemorySegment previous = sorted.get(index - 1);
            assertTrue(previous.address() + previous.byteSize() <= sorted.get(index).address(), "GA-1: blocks overlap");
        }
    }
}
