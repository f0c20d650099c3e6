package dev.cairn.impl.stack;

import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.Clause;
import dev.cairn.fault.LifoFault;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SP-6: frames pop what was pushed since their mark, innermost first; anything else is a LIFO fault. */
class StackPoolFrameTest {

    @Test
    void closingAFramePopsEveryBlockSinceItsMarkInLifoOrder() {
        List<Integer> destroyed = new ArrayList<>();
        Type tagged = Type.of("tagged", JAVA_INT).withDestructor(element -> destroyed.add(element.get(JAVA_INT, 0)));
        try (PoolFixture fixture = new PoolFixture(1024)) {
            StackPool pool = fixture.pool;
            pool.push(tagged, 1).set(JAVA_INT, 0, 0);
            long topAtMark = pool.top();
            StackPool.Frame frame = pool.mark();
            assertEquals(topAtMark, frame.markedTop());
            assertTrue(frame.isOpen());
            assertEquals(1, pool.openFrameCount());
            for (int tag = 1; tag <= 3; tag++) {
                pool.push(Type.BYTE, 3);
                pool.push(tagged, 1, 8).set(JAVA_INT, 0, tag);
            }
            frame.close();
            assertEquals(List.of(3, 2, 1), destroyed);
            ((FfmStackPool) pool).checkInvariants();
            assertEquals(topAtMark, pool.top());
            assertEquals(1, pool.liveBlockCount());
            assertEquals(0, pool.openFrameCount());
            assertFalse(frame.isOpen());
        }
    }

    @Test
    void tryWithResourcesNestsAndBlocksPoppedInsideAreNotPoppedTwice() {
        try (PoolFixture fixture = new PoolFixture(1024)) {
            StackPool pool = fixture.pool;
            try (StackPool.Frame outer = pool.mark()) {
                MemorySegment a = pool.push(Type.BYTE, 10);
                try (StackPool.Frame inner = pool.mark()) {
                    MemorySegment b = pool.push(Type.BYTE, 10);
                    pool.pop(b);
                    pool.push(Type.BYTE, 20);
                    assertEquals(2, pool.openFrameCount());
                    assertEquals(10, inner.markedTop());
                }
                assertEquals(1, pool.liveBlockCount());
                assertEquals(10, pool.top());
                assertTrue(outer.isOpen());
                pool.pop(a);
            }
            assertEquals(0, pool.liveBlockCount());
            assertEquals(0, pool.openFrameCount());
        }
    }

    @Test
    void closingAFrameThatIsNotInnermostIsLifoFaultWithNoChange() {
        try (PoolFixture fixture = new PoolFixture(1024)) {
            StackPool pool = fixture.pool;
            StackPool.Frame outer = pool.mark();
            pool.push(Type.BYTE, 8);
            StackPool.Frame inner = pool.mark();
            pool.push(Type.BYTE, 8);
            fixture.assertRejected(LifoFault.class, Clause.SP_6, outer::close);
            assertTrue(outer.isOpen());
            inner.close();
            fixture.assertRejected(LifoFault.class, Clause.SP_6, inner::close);
            outer.close();
            fixture.assertRejected(LifoFault.class, Clause.SP_6, outer::close);
        }
    }

    @Test
    void aStaleFrameHandleDoesNotCloseTheFrameNowAtItsDepth() {
        try (PoolFixture fixture = new PoolFixture(1024)) {
            StackPool pool = fixture.pool;
            StackPool.Frame stale = pool.mark();
            stale.close();
            StackPool.Frame current = pool.mark();
            pool.push(Type.BYTE, 16);
            assertFalse(stale.isOpen());
            fixture.assertRejected(LifoFault.class, Clause.SP_6, stale::close);
            assertTrue(current.isOpen());
            current.close();
            assertEquals(0, pool.top());
        }
    }

    @Test
    void poppingABlockOfAnOuterFrameWhileAnInnerIsOpenIsLifoFaultWithNoChange() {
        try (PoolFixture fixture = new PoolFixture(1024)) {
            StackPool pool = fixture.pool;
            MemorySegment outerBlock = pool.push(Type.BYTE, 8);
            outerBlock.fill((byte) 1);
            StackPool.Frame frame = pool.mark();
            fixture.assertRejected(LifoFault.class, Clause.SP_6, () -> pool.pop(outerBlock));
            MemorySegment innerBlock = pool.push(Type.BYTE, 8);
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(outerBlock));
            pool.pop(innerBlock);
            fixture.assertRejected(LifoFault.class, Clause.SP_6, () -> pool.pop(outerBlock));
            frame.close();
            pool.pop(outerBlock);
            assertEquals(0, pool.liveBlockCount());
        }
    }

    @Test
    void deepFramesCloseInOrder() {
        try (PoolFixture fixture = new PoolFixture(1 << 16)) {
            StackPool pool = fixture.pool;
            List<StackPool.Frame> frames = new ArrayList<>();
            for (int depth = 0; depth < 1000; depth++) {
                frames.add(pool.mark());
                pool.push(Type.BYTE, 16, 16);
            }
            assertEquals(1000, pool.openFrameCount());
            for (int depth = 999; depth >= 0; depth--) {
                frames.get(depth).close();
                assertEquals(depth * 16L, pool.top());
                assertEquals(depth, pool.liveBlockCount());
            }
            ((FfmStackPool) pool).checkInvariants();
        }
    }
}
