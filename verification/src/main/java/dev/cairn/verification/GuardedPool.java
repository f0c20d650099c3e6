package dev.cairn.verification;

import dev.cairn.LeakReport;
import dev.cairn.StackPool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Function;

/**
 * A pool on memory the application supplies (SP-1), with guard pages around it: the harness
 * checks that the pool never writes outside the bytes it was given and never frees them (they are
 * still readable after the pool's close).
 *
 * <pre>
 *   [ guard 4096 x 0x5A ][ pool memory: byteCapacity ][ guard 4096 x 0x5A ]
 * </pre>
 */
final class GuardedPool extends ForwardingStackPool {

    /** The byte size of each guard, also the alignment of the pool's memory. */
    static final long GUARD_BYTE_SIZE = 4096;

    private static final byte GUARD = 0x5A;

    private final Arena arena;
    private final MemorySegment whole;
    private final MemorySegment memory;

    private GuardedPool(Arena arena, MemorySegment whole, MemorySegment memory, StackPool pool) {
        super(pool);
        this.arena = arena;
        this.whole = whole;
        this.memory = memory;
    }

    /**
     * {@return a pool made by {@code over} on guarded memory of {@code byteCapacity} bytes}
     *
     * @param byteCapacity the pool's capacity
     * @param over         makes a pool over application-supplied memory
     */
    static GuardedPool of(long byteCapacity, Function<MemorySegment, StackPool> over) {
        Arena arena = Arena.ofShared();
        MemorySegment whole = arena.allocate(byteCapacity + 2 * GUARD_BYTE_SIZE, GUARD_BYTE_SIZE);
        whole.fill(GUARD);
        MemorySegment memory = whole.asSlice(GUARD_BYTE_SIZE, byteCapacity);
        memory.fill((byte) 0);
        return new GuardedPool(arena, whole, memory, over.apply(memory));
    }

    /** {@return what is wrong with the memory around and under the pool, or {@code null}} */
    String problem() {
        long before = firstNotGuard(whole.asSlice(0, GUARD_BYTE_SIZE));
        if (before >= 0) {
            return "the pool wrote byte offset=" + (before - GUARD_BYTE_SIZE) + " before its memory";
        }
        long after = firstNotGuard(whole.asSlice(GUARD_BYTE_SIZE + memory.byteSize()));
        if (after >= 0) {
            return "the pool wrote byte offset=" + (memory.byteSize() + after) + " past its memory";
        }
        return null;
    }

    private static long firstNotGuard(MemorySegment guard) {
        for (long offset = 0; offset < guard.byteSize(); offset++) {
            if (guard.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset) != GUARD) {
                return offset;
            }
        }
        return -1;
    }

    @Override
    public LeakReport closeAndReport() {
        LeakReport report = super.closeAndReport();
        memory.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
        return report;
    }

    /** Frees the guarded memory: the application's part, after the pool is done with it. */
    void release() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
