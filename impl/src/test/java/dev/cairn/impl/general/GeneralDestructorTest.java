package dev.cairn.impl.general;

import dev.cairn.LeakReport;
import dev.cairn.Type;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.cairn.impl.general.GeneralFixture.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DS-1..DS-4 on the general allocator: free, resize and close run destructors exactly once, in order. */
class GeneralDestructorTest {

    /** A long type whose destructor records the value each element held when it was destroyed. */
    private static Type recording(List<Long> destroyed) {
        return Type.of("recorded", ValueLayout.JAVA_LONG)
                .withDestructor(element -> destroyed.add(element.get(ValueLayout.JAVA_LONG, 0)));
    }

    private static void number(MemorySegment block, long first) {
        for (long index = 0; index < block.byteSize() / 8; index++) {
            block.setAtIndex(ValueLayout.JAVA_LONG, index, first + index);
        }
    }

    @Test
    void freeDestroysEveryElementOnceInDescendingOrderSeeingItIntact() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                List<Long> destroyed = new ArrayList<>();
                Type type = recording(destroyed);
                MemorySegment small = allocator.allocate(type, 4);
                MemorySegment large = allocator.allocate(type, 5000);
                number(small, 10);
                number(large, 100);
                allocator.free(small);
                assertEquals(List.of(13L, 12L, 11L, 10L), destroyed, "DS-1 order, DS-2 intact");
                destroyed.clear();
                allocator.free(large);
                assertEquals(5000, destroyed.size());
                assertEquals(5099L, destroyed.getFirst());
                assertEquals(100L, destroyed.getLast());
                assertEquals(0, allocator.liveBlockCount());
            }
        }
    }

    @Test
    void shrinkingDestroysTheCutElementsAndGrowingDestroysNothing() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                List<Long> destroyed = new ArrayList<>();
                Type type = recording(destroyed);
                MemorySegment block = allocator.allocateGrowable(type, 6);
                number(block, 1);
                block = allocator.resize(block, 64);
                assertEquals(List.of(), destroyed, "a move destroys nothing");
                block = allocator.resize(block, 3);
                List<Long> expected = new ArrayList<>(java.util.Collections.nCopies(58, 0L));
                expected.addAll(List.of(6L, 5L, 4L));
                assertEquals(expected, destroyed, "cut elements destroyed from the last down");
                destroyed.clear();
                MemorySegment large = allocator.allocateGrowable(type, 10_000);
                number(large, 0);
                large = allocator.resize(large, 9_998);
                assertEquals(List.of(9_999L, 9_998L), destroyed, "a large block shrinks in place");
                destroyed.clear();
                allocator.free(block);
                assertEquals(List.of(3L, 2L, 1L), destroyed);
                allocator.free(large);
            }
        }
    }

    @Test
    void aDestructorMayFreeOtherBlocksOfTheAllocator() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                Type owning = Type.of("owner", ValueLayout.ADDRESS).withDestructor(element ->
                        allocator.freer().free(element.get(ValueLayout.ADDRESS, 0)));
                MemorySegment owner = allocator.allocate(owning, 2);
                for (long index = 0; index < 2; index++) {
                    owner.setAtIndex(ValueLayout.ADDRESS, index, allocator.allocate(LONG, 3));
                }
                assertEquals(3, allocator.liveBlockCount());
                allocator.free(owner);
                assertEquals(0, allocator.liveBlockCount(), "DS-3: the destructor freed what the item owned");
                assertEquals(0, allocator.liveByteSize());
            }
        }
    }

    @Test
    void aThrowingDestructorDoesNotStopTheFreeAndTheFirstFailurePropagates() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                List<Long> destroyed = new ArrayList<>();
                Type type = Type.of("throwing", ValueLayout.JAVA_LONG).withDestructor(element -> {
                    long value = element.get(ValueLayout.JAVA_LONG, 0);
                    destroyed.add(value);
                    if (value % 2 == 0) {
                        throw new IllegalStateException("value=" + value);
                    }
                });
                MemorySegment block = allocator.allocate(type, 5);
                number(block, 0);
                IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> allocator.free(block));
                assertEquals("value=4", thrown.getMessage(), "DS-4: the first failure");
                assertEquals(2, thrown.getSuppressed().length, "later ones suppressed");
                assertEquals(List.of(4L, 3L, 2L, 1L, 0L), destroyed, "the others still ran");
                assertEquals(0, allocator.liveBlockCount(), "the memory was released");
            }
        }
    }

    @Test
    void closeDestroysEveryLiveBlockOnceAndReportsItExactly() {
        for (boolean confined : new boolean[] {true, false}) {
            List<Long> destroyed = new ArrayList<>();
            Type type = recording(destroyed);
            FfmGeneralAllocator allocator = new FfmGeneralAllocator(confined, true, SystemMemory.INSTANCE);
            MemorySegment freed = allocator.allocate(type, 1);
            number(allocator.allocate(type, 2), 20);
            number(allocator.allocateGrowable(type, 9000), 1000);
            number(freed, 7);
            allocator.free(freed);
            destroyed.clear();
            LeakReport report = allocator.closeAndReport();
            assertEquals(2, report.blockCount());
            assertEquals(16 + 72_000, report.byteSize());
            assertEquals(9002, destroyed.size(), "DS-1: each leaked element destroyed once");
            assertTrue(destroyed.containsAll(List.of(20L, 21L, 1000L, 9999L)));
            for (LeakReport.Leak leak : report.leaks()) {
                assertSame(type, leak.type());
                assertEquals(leak.elementCount() * 8, leak.byteSize());
                assertEquals("closeDestroysEveryLiveBlockOnceAndReportsItExactly",
                        leak.allocationSite().getFirst().getMethodName(),
                        "tracking names the allocation site: " + leak.allocationSite());
            }
            assertEquals(9002, destroyed.size(), "nothing is destroyed twice");
        }
    }

    @Test
    void withoutTrackingLeaksHaveNoSites() {
        FfmGeneralAllocator allocator = GeneralFixture.shared();
        allocator.allocate(LONG, 2);
        LeakReport report = allocator.closeAndReport();
        assertEquals(1, report.blockCount());
        assertEquals(List.of(), report.leaks().getFirst().allocationSite());
    }
}
