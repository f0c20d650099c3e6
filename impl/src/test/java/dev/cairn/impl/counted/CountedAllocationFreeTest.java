package dev.cairn.impl.counted;

import dev.cairn.CountMode;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady-state retain and release allocate nothing on the Java heap: after warm-up, a million
 * retain-release pairs leave the thread's allocated-bytes counter where it was (within a margin
 * far below one object per thousand calls).
 */
class CountedAllocationFreeTest {

    private static final int WARM_UP_PAIRS = 300_000;
    private static final int MEASURED_PAIRS = 1_000_000;
    /** Far below one 16-byte object per thousand pairs; room for a stray JIT allocation. */
    private static final long MARGIN_BYTES = 1_024;

    /**
     * {@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes()}, reached by
     * reflection: the tests compile inside module dev.cairn.impl, which does not read
     * jdk.management, and run on the class path, where it is visible.
     */
    private static long currentThreadAllocatedBytes() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getCurrentThreadAllocatedBytes");
            return (Long) allocated.invoke(threads);
        } catch (ReflectiveOperationException unavailable) {
            throw new AssertionError("this JDK has no com.sun.management.ThreadMXBean", unavailable);
        }
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void retainAndReleaseAllocateNothingOnTheHeap(CountMode mode) {
        try (ArenaGeneralAllocator allocator = ArenaGeneralAllocator.shared()) {
            RefCounted item = allocator.allocateCounted(Type.BYTE, 64, 1, mode);
            churn(item, WARM_UP_PAIRS);
            long probe = currentThreadAllocatedBytes();
            long before = currentThreadAllocatedBytes();
            long probeBytes = before - probe;
            long destroyed = churn(item, MEASURED_PAIRS);
            long allocated = currentThreadAllocatedBytes() - before - probeBytes;
            System.out.printf("CountedAllocationFree %s: pairs=%d heapBytes=%d%n", mode, MEASURED_PAIRS, allocated);
            assertEquals(0, destroyed);
            assertEquals(1, item.count());
            assertTrue(allocated < MARGIN_BYTES, "allocatedBytes=" + allocated + " over " + MEASURED_PAIRS + " pairs");
            assertTrue(item.release());
        }
    }

    private static long churn(RefCounted item, int pairs) {
        long destroyed = 0;
        for (int pair = 0; pair < pairs; pair++) {
            item.retain();
            if (item.release()) {
                destroyed++;
            }
        }
        return destroyed;
    }
}
