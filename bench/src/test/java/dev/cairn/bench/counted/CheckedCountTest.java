package dev.cairn.bench.counted;

import dev.cairn.RefCounted;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference point {@link CheckedCount} is a floor only if it really refuses what a conforming
 * handle must: a retain at the maximum, a retain or release once destroyed, a release that finds
 * the count at 0; each refusal leaves the count as it was, and only the release that reaches 0
 * says it destroyed.
 */
class CheckedCountTest {

    @Test
    void countsAndOnlyTheReleaseToZeroDestroys() {
        try (Arena arena = Arena.ofConfined()) {
            CheckedCount count = new CheckedCount(arena.allocate(ValueLayout.JAVA_INT));
            count.retain();
            assertEquals(2, count.count());
            assertFalse(count.release());
            assertTrue(count.release());
            assertEquals(0, count.count());
            assertThrows(IllegalStateException.class, count::retain);
            assertThrows(IllegalStateException.class, count::release);
            assertEquals(0, count.count());
        }
    }

    @Test
    void refusesTheMaximumAndAZeroCountWithNoChange() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(ValueLayout.JAVA_INT);
            CheckedCount count = new CheckedCount(block);
            block.set(ValueLayout.JAVA_INT, 0, (int) RefCounted.COUNT_MAX);
            assertThrows(IllegalStateException.class, count::retain);
            assertEquals((int) RefCounted.COUNT_MAX, count.count());
            assertFalse(count.release());
            count.retain();
            assertEquals((int) RefCounted.COUNT_MAX, count.count(), "one below the maximum may be retained");
            block.set(ValueLayout.JAVA_INT, 0, Integer.MIN_VALUE);
            assertFalse(count.release(), "a count wrapped past the maximum is not a release to zero");
            assertEquals((int) RefCounted.COUNT_MAX, count.count());
            block.set(ValueLayout.JAVA_INT, 0, 0);
            assertThrows(IllegalStateException.class, count::release);
            assertEquals(0, block.get(ValueLayout.JAVA_INT, 0), "a refused release takes its add back");
            assertThrows(IllegalStateException.class, count::retain);
            assertEquals(0, block.get(ValueLayout.JAVA_INT, 0), "a refused retain takes its add back");
        }
    }
}
