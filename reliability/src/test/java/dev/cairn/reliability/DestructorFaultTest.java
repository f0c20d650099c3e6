package dev.cairn.reliability;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.fault.Clause;
import dev.cairn.fault.PoolExhaustedFault;
import dev.cairn.impl.GeneralAllocators;
import dev.cairn.impl.StackPoolOptions;
import dev.cairn.impl.StackPools;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Destructors that throw (DS-4) during pop, frame close, pool close, free, resize (cut elements),
 * vector removal and free, the last release and allocator close: the operation completes (every
 * other destructor runs, memory is returned), the first failure propagates with the later ones
 * suppressed, and the pool or allocator goes on working. And a full stack pool (SP-3).
 */
class DestructorFaultTest {

    /** Every element of a block of this type throws its own exception, naming its index and value. */
    private final List<Long> destroyed = new ArrayList<>();
    private final Type throwing = Type.of("throwing", ValueLayout.JAVA_LONG).withDestructor(element -> {
        long value = element.get(ValueLayout.JAVA_LONG, 0);
        destroyed.add(value);
        throw new IllegalStateException("value=" + value);
    });
    private final Type counting = Type.of("counting", ValueLayout.JAVA_LONG)
            .withDestructor(element -> destroyed.add(element.get(ValueLayout.JAVA_LONG, 0)));

    private static MemorySegment numbered(MemorySegment block, long first) {
        for (long index = 0; index < block.byteSize() / 8; index++) {
            block.setAtIndex(ValueLayout.JAVA_LONG, index, first + index);
        }
        return block;
    }

    /**
     * Runs {@code call}, which destroys the elements {@code expected} (in that order); checks that
     * every one was destroyed, and that the first element's failure propagated with the others
     * suppressed, in order.
     */
    private void assertDs4(List<Long> expected, int throwingCount, Executable call) {
        destroyed.clear();
        IllegalStateException first = assertThrows(IllegalStateException.class, call);
        assertEquals(expected, destroyed, "every destructor ran, in order (DS-1, DS-4)");
        List<Long> thrown = new ArrayList<>();
        thrown.add(Long.parseLong(first.getMessage().substring("value=".length())));
        for (Throwable suppressed : first.getSuppressed()) {
            thrown.add(Long.parseLong(suppressed.getMessage().substring("value=".length())));
        }
        assertEquals(throwingCount, thrown.size(), "the first propagates, later ones suppressed: " + thrown);
        assertEquals(expected.stream().filter(thrown::contains).toList(), thrown);
    }

    @Test
    void popFrameCloseAndPoolCloseCompleteDespiteThrowingDestructors() {
        StackPool pool = StackPools.allocate(4096);
        MemorySegment kept = numbered(pool.push(Type.of("plain", ValueLayout.JAVA_LONG), 2), 90);
        long top = pool.top();
        MemorySegment block = numbered(pool.push(throwing, 3), 10);
        assertDs4(List.of(12L, 11L, 10L), 3, () -> pool.pop(block));
        assertEquals(top, pool.top(), "the pop completed");

        StackPool.Frame frame = pool.mark();
        numbered(pool.push(throwing, 2), 20);
        numbered(pool.push(counting, 2), 30);
        numbered(pool.push(throwing, 1), 40);
        assertDs4(List.of(40L, 31L, 30L, 21L, 20L), 3, frame::close);
        assertFalse(frame.isOpen());
        assertEquals(top, pool.top());

        numbered(pool.push(throwing, 2), 50);
        pool.mark();
        numbered(pool.push(counting, 1), 60);
        destroyed.clear();
        assertDs4(List.of(60L, 51L, 50L), 2, pool::closeAndReport);
        assertTrue(pool.isClosed());
        assertThrows(IllegalStateException.class, () -> kept.get(ValueLayout.JAVA_LONG, 0), "owned memory freed");
    }

    @Test
    void freeResizeVectorReleaseAndCloseCompleteDespiteThrowingDestructors() {
        GeneralAllocator heap = GeneralAllocators.shared();
        MemorySegment fixed = numbered(heap.allocate(throwing, 3), 10);
        assertDs4(List.of(12L, 11L, 10L), 3, () -> heap.free(fixed));
        assertEquals(0, heap.liveBlockCount(), "the free completed");

        MemorySegment growable = numbered(heap.allocateGrowable(throwing, 5), 20);
        assertDs4(List.of(24L, 23L, 22L), 3, () -> heap.resize(growable, 2));
        assertEquals(1, heap.liveBlockCount());
        assertEquals(16, heap.liveByteSize(), "the resize completed: two elements left");
        assertEquals(20, growable.get(ValueLayout.JAVA_LONG, 0), "a shrink does not move: kept elements intact");
        assertDs4(List.of(21L, 20L), 2, () -> heap.free(growable.asSlice(0, 16)));

        Vector vector = heap.newVector(throwing, 2);
        for (long value = 30; value < 34; value++) {
            vector.append().set(ValueLayout.JAVA_LONG, 0, value);
        }
        assertDs4(List.of(33L), 1, vector::removeLast);
        assertEquals(3, vector.size());
        assertDs4(List.of(32L, 31L, 30L), 3, vector::free);
        assertEquals(0, heap.liveBlockCount(), "the vector's block was freed");

        RefCounted item = heap.allocateCounted(throwing, 2, 8, CountMode.ATOMIC);
        numbered(item.item(), 40);
        item.retain();
        assertFalse(item.release());
        assertDs4(List.of(41L, 40L), 2, item::release);
        assertFalse(item.isLive());
        assertEquals(0, heap.liveBlockCount());

        numbered(heap.allocate(throwing, 1), 50);
        numbered(heap.allocate(counting, 1), 60);
        Vector leakedVector = heap.newVector(throwing, 1);
        leakedVector.append().set(ValueLayout.JAVA_LONG, 0, 70);
        destroyed.clear();
        IllegalStateException first = assertThrows(IllegalStateException.class, heap::closeAndReport);
        assertEquals(List.of(50L, 60L, 70L), destroyed.stream().sorted().toList(), "close destroyed everything");
        assertEquals(1, first.getSuppressed().length, "two throwing elements: one propagates, one suppressed");
        assertTrue(heap.isClosed());
    }

    @Test
    void afterThrowingDestructorsThePoolAndAllocatorStillWork() {
        StackPool pool = StackPools.allocate(256);
        GeneralAllocator heap = GeneralAllocators.confined();
        for (int round = 0; round < 100; round++) {
            MemorySegment block = pool.push(throwing, 4);
            assertThrows(IllegalStateException.class, () -> pool.pop(block));
            MemorySegment freed = heap.allocate(throwing, 4);
            assertThrows(IllegalStateException.class, () -> heap.free(freed));
        }
        assertEquals(0, pool.top(), "no byte lost over 100 failing pops");
        assertEquals(0, heap.liveBlockCount(), "no block lost over 100 failing frees");
        assertEquals(256, pool.push(Type.BYTE, 256).byteSize(), "the whole pool is usable");
        pool.close();
        heap.close();
    }

    @Test
    void aFullPoolRefusesWithNoChangeAndTakesPushesAgainAfterAPop() {
        StackPool bytes = StackPools.allocate(1024);
        List<MemorySegment> blocks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            blocks.add(bytes.push(Type.BYTE, 100));
        }
        assertFullWithNoChange(bytes, () -> bytes.push(Type.BYTE, 100));
        assertFullWithNoChange(bytes, () -> bytes.push(Type.BYTE, 20, 16)); // 24 bytes free, but 1008 + 20 > 1024
        bytes.pop(blocks.removeLast());
        assertEquals(100, bytes.push(Type.BYTE, 100).byteSize(), "room again after a pop");

        StackPool counted = StackPools.allocate(1 << 16, StackPoolOptions.DEFAULT.withLimits(8, 4));
        for (int i = 0; i < 8; i++) {
            blocks.add(counted.push(Type.BYTE, 1));
        }
        assertFullWithNoChange(counted, () -> counted.push(Type.BYTE, 1));
        counted.pop(blocks.getLast());
        counted.push(Type.BYTE, 1);
        List<StackPool.Frame> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frames.add(counted.mark());
        }
        assertFullWithNoChange(counted, counted::mark);
        frames.removeLast().close();
        frames.add(counted.mark());
        assertEquals(4, counted.openFrameCount());
        bytes.close();
        counted.close();
    }

    private static void assertFullWithNoChange(StackPool pool, Executable call) {
        List<Long> before = List.of(pool.top(), (long) pool.liveBlockCount(), (long) pool.openFrameCount());
        PoolExhaustedFault full = assertThrows(PoolExhaustedFault.class, call);
        assertSame(Clause.SP_3, full.clause());
        assertTrue(full.getMessage().startsWith("[SP-3] ") && full.getMessage().contains("="), full.getMessage());
        assertEquals(before, List.of(pool.top(), (long) pool.liveBlockCount(), (long) pool.openFrameCount()),
                "a full pool changed nothing");
    }
}
