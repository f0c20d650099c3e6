package dev.cairn.impl.stack;

import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.Clause;
import dev.cairn.fault.LifoFault;
import dev.cairn.impl.StackPoolOptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The debug mode: allocation sites in the leak report, popped blocks unusable and poisoned, stale handles refused. */
class StackPoolDebugModeTest {

    static final StackPoolOptions DEBUG = StackPoolOptions.DEFAULT.withDebug(true);

    @Test
    void leakReportNamesWhereEachBlockWasPushed() {
        try (PoolFixture fixture = new PoolFixture(256, DEBUG)) {
            fixture.pool.push(Type.BYTE, 8);
            var report = fixture.pool.closeAndReport();
            var site = report.leaks().getFirst().allocationSite();
            assertFalse(site.isEmpty());
            assertEquals(StackPoolDebugModeTest.class.getName(), site.getFirst().getClassName());
            assertEquals("leakReportNamesWhereEachBlockWasPushed", site.getFirst().getMethodName());
            assertTrue(site.size() <= DebugRecords.SITE_DEPTH_MAX);
        }
    }

    @Test
    void aPoppedBlockCannotBeUsedAndItsBytesArePoisoned() {
        try (PoolFixture fixture = new PoolFixture(256, DEBUG)) {
            StackPool pool = fixture.pool;
            MemorySegment block = pool.push(JAVA_LONG.byteSize() == 8 ? Type.of("long", JAVA_LONG) : Type.BYTE, 2);
            block.set(JAVA_LONG, 0, 7);
            pool.pop(block);
            assertThrows(IllegalStateException.class, () -> block.get(JAVA_LONG, 0), "use after pop");
            assertThrows(IllegalStateException.class, () -> block.set(JAVA_LONG, 8, 1), "write after pop");
            byte[] poison = new byte[16];
            Arrays.fill(poison, StackPoolOptions.POISON_BYTE);
            assertArrayEquals(poison, fixture.memory.asSlice(0, 16).toArray(JAVA_BYTE));
            assertEquals(PoolFixture.FILLER, fixture.memory.get(JAVA_BYTE, 16), "only the block is poisoned");
            fixture.assertCanariesIntact();
        }
    }

    @Test
    void aStaleHandleIsRefusedEvenWhenALaterPushTookItsPlace() {
        try (PoolFixture fixture = new PoolFixture(256, DEBUG)) {
            StackPool pool = fixture.pool;
            MemorySegment stale = pool.push(Type.BYTE, 16);
            pool.pop(stale);
            MemorySegment current = pool.push(Type.BYTE, 16);
            assertEquals(stale.address(), current.address());
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(stale));
            pool.pop(current);
            assertEquals(0, pool.liveBlockCount());
        }
    }

    @Test
    void withoutDebugModeTheSameStaleHandleIsIndistinguishable() {
        try (PoolFixture fixture = new PoolFixture(256)) {
            StackPool pool = fixture.pool;
            MemorySegment stale = pool.push(Type.BYTE, 16);
            pool.pop(stale);
            pool.push(Type.BYTE, 16);
            pool.pop(stale);
            assertEquals(0, pool.liveBlockCount(), "documented limit of the fast path: same address and size");
            assertFalse(((FfmStackPool) pool).isDebug());
        }
    }
}
