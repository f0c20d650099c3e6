package dev.cairn.impl.general;

import dev.cairn.CountMode;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.Type;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** allocateCounted on the FFM general allocator: one block per item, released by the last release (RC-1, RC-3). */
class GeneralCountedTest {

    @Test
    void aCountedItemIsOneBlockThatTheLastReleaseFrees() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                List<Long> destroyed = new ArrayList<>();
                Type type = Type.of("counted", ValueLayout.JAVA_LONG)
                        .withDestructor(element -> destroyed.add(element.get(ValueLayout.JAVA_LONG, 0)));
                RefCounted item = allocator.allocateCounted(type, 2, 16, CountMode.ATOMIC);
                assertEquals(0, item.item().address() % 16, "the item keeps its alignment");
                item.item().setAtIndex(ValueLayout.JAVA_LONG, 1, 42);
                assertEquals(1, allocator.liveBlockCount());
                item.retain();
                assertFalse(item.release());
                assertTrue(item.release());
                assertEquals(List.of(42L, 0L), destroyed);
                assertEquals(0, allocator.liveBlockCount());
            }
        }
    }

    @Test
    void closeDestroysALiveCountedItemOnce() {
        List<Long> destroyed = new ArrayList<>();
        Type type = Type.of("counted", ValueLayout.JAVA_LONG)
                .withDestructor(element -> destroyed.add(element.get(ValueLayout.JAVA_LONG, 0)));
        FfmGeneralAllocator allocator = GeneralFixture.confined();
        RefCounted item = allocator.allocateCounted(type, 1, 1, CountMode.CONFINED);
        item.item().set(ValueLayout.JAVA_LONG, 0, 7);
        LeakReport report = allocator.closeAndReport();
        assertEquals(1, report.blockCount());
        assertEquals(List.of(7L), destroyed);
        assertFalse(item.isLive());
    }

    /** RC-1's layout: liveByteSize counts the whole block, count header and padding included. */
    @Test
    void liveByteSizeCountsTheWholeCountedBlock() {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined()) {
            RefCounted small = allocator.allocateCounted(Type.BYTE, 1, 1, CountMode.ATOMIC);
            assertEquals(4 + 1, allocator.liveByteSize(), "count at 0, item at alignUp(4, 1)");
            RefCounted aligned = allocator.allocateCounted(Type.of("long", ValueLayout.JAVA_LONG), 2, 16, CountMode.ATOMIC);
            assertEquals((4 + 1) + (16 + 16), allocator.liveByteSize(), "item at alignUp(4, 16)");
            assertTrue(aligned.release());
            assertEquals(4 + 1, allocator.liveByteSize());
            assertTrue(small.release());
            assertEquals(0, allocator.liveByteSize());
        }
    }

    /**
     * Regression (found by the harness, DS-4): closing with a counted item and a block whose
     * destructors throw completes, then the first failure propagates carrying every later one.
     */
    @Test
    void closeWithThrowingDestructorsInSeveralBlocksCompletesAndCarriesEveryFailure() {
        List<Long> destroyed = new ArrayList<>();
        Type failing = Type.of("failing", ValueLayout.JAVA_LONG).withDestructor(element -> {
            destroyed.add(element.get(ValueLayout.JAVA_LONG, 0));
            throw new IllegalStateException("destructor " + destroyed.size());
        });
        FfmGeneralAllocator allocator = GeneralFixture.confined();
        allocator.allocate(Type.of("long", ValueLayout.JAVA_LONG), 5);
        allocator.allocateCounted(failing, 3, 1, CountMode.CONFINED);
        allocator.allocate(failing, 6);
        IllegalStateException first = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                allocator::closeAndReport);
        assertEquals(9, destroyed.size(), "every element destroyed once");
        assertEquals(8, countLater(first), "the first failure carries the eight later ones");
        assertTrue(allocator.isClosed());
        assertEquals(0, allocator.liveBlockCount());
    }

    private static long countLater(Throwable first) {
        long count = 0;
        for (Throwable later : first.getSuppressed()) {
            count += 1 + countLater(later);
        }
        return count;
    }
}
