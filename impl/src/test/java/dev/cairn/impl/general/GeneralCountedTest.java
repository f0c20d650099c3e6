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
}
