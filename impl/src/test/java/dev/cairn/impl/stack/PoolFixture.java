package dev.cairn.impl.stack;

import dev.cairn.StackPool;
import dev.cairn.fault.Clause;
import dev.cairn.impl.StackPoolOptions;
import dev.cairn.impl.StackPools;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stack pool over application memory with canary margins on both sides, and the observable
 * snapshot used to show that a rejected call changed nothing (ER-1): top, live block count, open
 * frame count, closed flag, and every byte of the pool's memory and of the margins.
 */
final class PoolFixture implements AutoCloseable {

    static final int MARGIN_BYTE_SIZE = 64;
    static final byte CANARY = (byte) 0xC3;
    static final byte FILLER = (byte) 0x5A;

    final Arena arena = Arena.ofConfined();
    final MemorySegment backing;
    final MemorySegment memory;
    final StackPool pool;

    PoolFixture(long byteCapacity) {
        this(byteCapacity, StackPoolOptions.DEFAULT);
    }

    PoolFixture(long byteCapacity, StackPoolOptions options) {
        backing = arena.allocate(byteCapacity + 2 * MARGIN_BYTE_SIZE, 4096);
        backing.fill(CANARY);
        memory = backing.asSlice(MARGIN_BYTE_SIZE, byteCapacity);
        memory.fill(FILLER);
        pool = StackPools.over(memory, options);
    }

    /** The observable state of the pool. */
    record Snapshot(long top, int liveBlockCount, int openFrameCount, boolean closed, byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot that && top == that.top && liveBlockCount == that.liveBlockCount
                    && openFrameCount == that.openFrameCount && closed == that.closed
                    && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(top) ^ Arrays.hashCode(bytes);
        }
    }

    Snapshot snapshot() {
        return new Snapshot(pool.top(), pool.liveBlockCount(), pool.openFrameCount(), pool.isClosed(),
                backing.toArray(ValueLayout.JAVA_BYTE));
    }

    long offsetOf(MemorySegment block) {
        return block.address() - memory.address();
    }

    /** Asserts the margins around the pool's memory still hold the canary (SP-1). */
    void assertCanariesIntact() {
        byte[] expected = new byte[MARGIN_BYTE_SIZE];
        Arrays.fill(expected, CANARY);
        assertArrayEquals(expected, backing.asSlice(0, MARGIN_BYTE_SIZE).toArray(ValueLayout.JAVA_BYTE), "low canary");
        assertArrayEquals(expected, backing.asSlice(backing.byteSize() - MARGIN_BYTE_SIZE)
                .toArray(ValueLayout.JAVA_BYTE), "high canary");
    }

    /**
     * Runs a call that must be rejected: asserts the exception type, the clause it names, a
     * {@code name=value} message, and that the snapshot is unchanged.
     */
    <T extends Throwable> T assertRejected(Class<T> type, Clause clause, Executable call) {
        Snapshot before = snapshot();
        T thrown = assertThrows(type, call);
        assertEquals(clause, Clause.of(thrown).orElseThrow(), thrown.getMessage());
        assertTrue(thrown.getMessage().matches("(?s)\\[" + clause.id() + "] .*\\w+=\\S+.*"), thrown.getMessage());
        assertEquals(before, snapshot(), "a rejected call changed the pool: " + thrown.getMessage());
        if (pool instanceof FfmStackPool ffm && !pool.isClosed()) {
            ffm.checkInvariants();
        }
        return thrown;
    }

    @Override
    public void close() {
        pool.close();
        arena.close();
    }
}
