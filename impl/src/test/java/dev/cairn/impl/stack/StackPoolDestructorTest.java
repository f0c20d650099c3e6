package dev.cairn.impl.stack;

import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.Clause;
import dev.cairn.fault.LifoFault;
import dev.cairn.impl.StackPools;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DS-1..DS-4 on a stack pool: pop, frame close and pool close destroy every element exactly once. */
class StackPoolDestructorTest {

    /** Records each destroyed element's value and address. */
    static final class Recorder {
        final List<Integer> values = new ArrayList<>();
        final List<Long> addresses = new ArrayList<>();

        Type type(String name) {
            return Type.of(name, JAVA_INT).withDestructor(element -> {
                values.add(element.get(JAVA_INT, 0));
                addresses.add(element.address());
            });
        }
    }

    static MemorySegment pushNumbered(StackPool pool, Type type, int count, int first) {
        MemorySegment block = pool.push(type, count);
        for (int index = 0; index < count; index++) {
            block.setAtIndex(JAVA_INT, index, first + index);
        }
        return block;
    }

    @Test
    void popDestroysEachElementOnceInDescendingIndexOrderSeeingItIntact() {
        Recorder recorder = new Recorder();
        try (PoolFixture fixture = new PoolFixture(256)) {
            MemorySegment block = pushNumbered(fixture.pool, recorder.type("n"), 4, 10);
            fixture.pool.pop(block);
            assertEquals(List.of(13, 12, 11, 10), recorder.values, "DS-1 order, DS-2 contents intact");
            assertEquals(List.of(block.address() + 12, block.address() + 8, block.address() + 4, block.address()),
                    recorder.addresses);
            fixture.pool.close();
            assertEquals(4, recorder.values.size(), "exactly once: close finds nothing more");
        }
    }

    @Test
    void closeDestroysLiveBlocksInLifoOrderAndReportsThem() {
        Recorder recorder = new Recorder();
        Type numbered = recorder.type("numbered");
        StackPool pool = StackPools.allocate(1024);
        pushNumbered(pool, numbered, 2, 0);
        pool.mark();
        pool.push(Type.BYTE, 5);
        pushNumbered(pool, numbered, 3, 100);
        var report = pool.closeAndReport();
        assertEquals(List.of(102, 101, 100, 1, 0), recorder.values);
        assertEquals(3, report.blockCount());
        assertEquals(12 + 5 + 8, report.byteSize());
        assertEquals(List.of("numbered", "byte", "numbered"), report.leaks().stream().map(l -> l.type().name()).toList());
        assertEquals(List.of(3L, 5L, 2L), report.leaks().stream().map(l -> l.elementCount()).toList());
        assertTrue(report.leaks().getFirst().allocationSite().isEmpty(), "no sites without debug mode");
        assertTrue(pool.isClosed());
        assertEquals(0, pool.liveBlockCount());
        assertEquals(0, pool.openFrameCount());
        assertTrue(pool.closeAndReport().isEmpty(), "a second close reports nothing");
        assertEquals(5, recorder.values.size());
    }

    /** DS-4 on pop: every element is destroyed, the pop completes, the first failure propagates. */
    @Test
    void aThrowingDestructorDoesNotStopThePop() {
        List<Integer> destroyed = new ArrayList<>();
        Type failing = Type.of("failing", JAVA_INT).withDestructor(element -> {
            int value = element.get(JAVA_INT, 0);
            destroyed.add(value);
            if (value % 2 == 1) {
                throw new IllegalStateException("value=" + value);
            }
        });
        try (PoolFixture fixture = new PoolFixture(256)) {
            StackPool pool = fixture.pool;
            MemorySegment below = pool.push(Type.BYTE, 3);
            MemorySegment block = pushNumbered(pool, failing, 4, 0);
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.pop(block));
            assertEquals("value=3", thrown.getMessage(), "the first failure (highest index first)");
            assertEquals(1, thrown.getSuppressed().length);
            assertEquals("value=1", thrown.getSuppressed()[0].getMessage());
            assertEquals(List.of(3, 2, 1, 0), destroyed);
            assertEquals(3, pool.top(), "the pop completed");
            ((FfmStackPool) pool).checkInvariants();
            assertEquals(1, pool.liveBlockCount());
            pool.pop(below);
        }
    }

    /** DS-4 on frame close and pool close: all blocks popped, then the first failure propagates. */
    @Test
    void aThrowingDestructorDoesNotStopFrameCloseOrPoolClose() {
        List<Integer> destroyed = new ArrayList<>();
        Type failing = Type.of("failing", JAVA_INT).withDestructor(element -> {
            destroyed.add(element.get(JAVA_INT, 0));
            throw new IllegalArgumentException("value=" + element.get(JAVA_INT, 0));
        });
        StackPool pool = StackPools.allocate(256);
        StackPool.Frame frame = pool.mark();
        pushNumbered(pool, failing, 1, 1);
        pushNumbered(pool, failing, 1, 2);
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class, frame::close);
        assertEquals("value=2", first.getMessage());
        assertEquals(List.of(2, 1), destroyed);
        assertEquals(0, pool.liveBlockCount());
        assertEquals(0, pool.openFrameCount());

        pushNumbered(pool, failing, 2, 5);
        IllegalArgumentException atClose = assertThrows(IllegalArgumentException.class, pool::closeAndReport);
        assertEquals("value=6", atClose.getMessage());
        assertEquals(List.of(2, 1, 6, 5), destroyed);
        assertTrue(pool.isClosed(), "the close completed");
    }

    /** DS-3: a destructor may call into another allocator, here a second pool holding what the item owns. */
    @Test
    void aDestructorMayCallBackIntoAnotherAllocator() {
        try (PoolFixture owners = new PoolFixture(256); PoolFixture owned = new PoolFixture(256)) {
            Type holder = Type.of("holder", ADDRESS).withDestructor(element -> {
                owned.pool.pop(element.get(ADDRESS.withTargetLayout(JAVA_LONG), 0));
            });
            MemorySegment child = owned.pool.push(Type.of("long", JAVA_LONG), 1);
            owners.pool.push(holder, 1).set(ADDRESS, 0, child);
            assertEquals(1, owned.pool.liveBlockCount());
            owners.pool.close();
            assertEquals(0, owned.pool.liveBlockCount(), "the destructor freed what the item owned");
        }
    }

    /** A destructor that pushes onto the pool it is being popped from is refused; the pop completes. */
    @Test
    void aDestructorCannotPushOnItsOwnPool() {
        List<Throwable> refused = new ArrayList<>();
        StackPool[] self = new StackPool[1];
        Type reentrant = Type.of("reentrant", JAVA_INT).withDestructor(element -> {
            try {
                self[0].push(Type.BYTE, 1);
            } catch (LifoFault fault) {
                refused.add(fault);
            }
            assertThrows(LifoFault.class, self[0]::mark);
            assertThrows(LifoFault.class, self[0]::closeAndReport);
        });
        try (PoolFixture fixture = new PoolFixture(64)) {
            self[0] = fixture.pool;
            byte[] before = fixture.memory.asSlice(4, 60).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            fixture.pool.pop(fixture.pool.push(reentrant, 1));
            assertEquals(1, refused.size());
            assertEquals(Clause.SP_4, ((LifoFault) refused.getFirst()).clause());
            assertEquals(0, fixture.pool.top());
            assertArrayEquals(before, fixture.memory.asSlice(4, 60).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    "the refused push wrote nothing");
            assertSame(fixture.pool, self[0]);
            assertInstanceOf(FfmStackPool.class, fixture.pool);
        }
    }
}
