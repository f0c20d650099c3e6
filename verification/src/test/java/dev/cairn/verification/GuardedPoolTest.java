package dev.cairn.verification;

import dev.cairn.Type;
import dev.cairn.impl.StackPools;
import dev.cairn.model.ModelStackPool;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guards around application-supplied pool memory (SP-1) see a write past the memory. */
class GuardedPoolTest {

    @Test
    void aPoolThatStaysInsideItsMemoryLeavesTheGuardsIntactAndTheMemoryAlive() {
        GuardedPool pool = GuardedPool.of(64, StackPools::over);
        pool.push(Type.BYTE, 64);
        assertNull(pool.problem());
        assertTrue(pool.closeAndReport().blockCount() == 1);
        assertNull(pool.problem());
        pool.release();
    }

    @Test
    void aPoolThatWritesPastItsMemoryIsSeen() {
        GuardedPool pool = GuardedPool.of(64, memory -> ModelStackPool.on(memory.reinterpret(memory.byteSize() + 16)));
        pool.push(Type.BYTE, 64);
        assertNull(pool.problem());
        pool.allocate(8, 1).fill((byte) 1);
        assertEquals("the pool wrote byte offset=64 past its memory", pool.problem());
        pool.closeAndReport();
        pool.release();
    }
}
