package dev.cairn.model;

import dev.cairn.AlignmentContext;
import dev.cairn.LeakReport;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.ForeignBlockFault;
import dev.cairn.fault.LifoFault;
import dev.cairn.fault.PoolExhaustedFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static dev.cairn.model.Fixtures.INT;
import static dev.cairn.model.Fixtures.LONG;
import static dev.cairn.model.Fixtures.PAIR;
import static dev.cairn.model.Fixtures.allZero;
import static dev.cairn.model.Fixtures.assertFault;
import static dev.cairn.model.Fixtures.assertWrongThread;
import static dev.cairn.model.Fixtures.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelStackPoolTest {

    private final ModelStackPool pool = ModelStackPool.owning(256);

    private <T extends Throwable> T assertNoChange(Class<T> type, Clause clause, Executable call, MemorySegment... live) {
        T thrown = Fixtures.assertNoChange(pool::state, type, clause, call, live);
        assertTrue(pool.checkInvariants());
        return thrown;
    }

    @Test
    void pushPlacesBlocksAtAlignedOffsetsSp2() {
        MemorySegment a = pool.push(INT, 1);
        MemorySegment b = pool.push(LONG, 2);
        MemorySegment c = pool.push(Type.BYTE, 3, 16);
        MemorySegment d = pool.push(Type.BYTE, 1);
        assertEquals(List.of(new StackPoolState.Block(0, 4, 4, "int"), new StackPoolState.Block(8, 16, 8, "long"),
                new StackPoolState.Block(32, 3, 16, "byte"), new StackPoolState.Block(35, 1, 1, "byte")),
                pool.state().liveBlocks());
        assertEquals(36, pool.top());
        assertEquals(8, b.address() - a.address());
        assertEquals(32, c.address() - a.address());
        assertEquals(35, d.address() - a.address());
        assertEquals(0, a.address() % AlignmentContext.CEILING_BYTE_ALIGNMENT);
        assertEquals(4, pool.liveBlockCount());
        assertEquals(new StackPoolState(256, 36, pool.state().liveBlocks(), List.of(), false), pool.state());
    }

    @Test
    void offsetsArePureFunctionOfPushesAndPopsSp2() {
        MemorySegment a = pool.push(INT, 3);
        MemorySegment b = pool.push(PAIR, 1);
        pool.pop(b);
        MemorySegment again = pool.push(PAIR, 1);
        assertEquals(b, again);
        assertEquals(16, again.address() - a.address());
        assertEquals(32, pool.top());
    }

    @Test
    void pushZeroFillsButRawPushDoesNotSp2() {
        MemorySegment raw = pool.pushUninitialized(LONG, 4, 1);
        raw.fill((byte) 0x5A);
        pool.pop(raw);
        MemorySegment dirty = pool.pushUninitialized(LONG, 2, 1);
        assertEquals(0x5A, dirty.get(ValueLayout.JAVA_BYTE, 15));
        pool.pop(dirty);
        MemorySegment clean = pool.push(LONG, 4);
        assertTrue(allZero(clean));
        assertEquals(32, clean.byteSize());
    }

    @Test
    void effectiveAlignmentIsTheLargerOfTypeAndRequestAc4() {
        pool.push(Type.BYTE, 1);
        MemorySegment pair = pool.push(PAIR, 1, 4);
        MemorySegment wide = pool.push(Type.BYTE, 1, 16);
        assertEquals(8, pool.state().liveBlocks().get(1).byteAlignment());
        assertEquals(16, pool.state().liveBlocks().get(2).byteAlignment());
        assertEquals(0, pair.address() % 8);
        assertEquals(0, wide.address() % 16);
    }

    @Test
    void alignmentAboveContextIsAFaultAndBindingAllowsItAc4() {
        MemorySegment first = number(pool.push(LONG, 1), 7);
        assertNoChange(AlignmentFault.class, Clause.AC_4, () -> pool.push(Type.BYTE, 1, 64), first);
        assertNoChange(ArgumentFault.class, Clause.AC_4, () -> pool.push(Type.BYTE, 1, 12), first);
        assertNoChange(ArgumentFault.class, Clause.AC_4, () -> pool.push(Type.BYTE, 1, 0), first);
        AlignmentContext.run(64, () -> {
            MemorySegment wide = pool.push(Type.BYTE, 1, 64);
            assertEquals(0, wide.address() % 64);
            assertEquals(64, pool.state().liveBlocks().getLast().offset());
        });
    }

    @Test
    void badCountIsAFaultWithNoChangeTy2() {
        MemorySegment first = number(pool.push(LONG, 2), 1);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> pool.push(LONG, 0), first);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> pool.push(LONG, -3, 64), first);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> pool.push(LONG, Long.MAX_VALUE / 4), first);
    }

    @Test
    void pushThatDoesNotFitIsAFaultWithNoChangeSp3() {
        MemorySegment first = number(pool.push(LONG, 1), 3);
        assertNoChange(PoolExhaustedFault.class, Clause.SP_3, () -> pool.push(Type.BYTE, 249), first);
        MemorySegment odd = pool.push(Type.BYTE, 1);
        assertNoChange(PoolExhaustedFault.class, Clause.SP_3, () -> pool.push(LONG, 31), first, odd);
        assertNoChange(PoolExhaustedFault.class, Clause.SP_3, () -> pool.push(Type.BYTE, 247, 16), first, odd);
        MemorySegment rest = pool.push(LONG, 30);
        assertEquals(256, pool.top());
        assertNoChange(PoolExhaustedFault.class, Clause.SP_3, () -> pool.push(Type.BYTE, 1), first, odd, rest);
    }

    @Test
    void exactFitSucceedsSp3() {
        ModelStackPool small = ModelStackPool.owning(16);
        small.push(Type.BYTE, 1);
        MemorySegment fits = small.push(LONG, 1);
        assertEquals(16, small.top());
        assertEquals(8, fits.byteSize());
    }

    @Test
    void popRestoresTopAndStateSp4() {
        MemorySegment a = pool.push(Type.BYTE, 3);
        StackPoolState afterA = pool.state();
        MemorySegment b = pool.push(PAIR, 2);
        assertEquals(40, pool.top());
        pool.pop(b);
        assertEquals(afterA, pool.state());
        assertEquals(3, pool.top());
        pool.pop(a);
        assertEquals(0, pool.top());
        assertEquals(0, pool.liveBlockCount());
    }

    @Test
    void popOfAnythingButTheTopBlockIsALifoFaultSp4() {
        MemorySegment a = number(pool.push(LONG, 2), 10);
        MemorySegment b = number(pool.push(LONG, 2), 20);
        assertNoChange(LifoFault.class, Clause.SP_4, () -> pool.pop(a), a, b);
        assertNoChange(LifoFault.class, Clause.SP_4, () -> pool.pop(b.asSlice(0, 8)), a, b);
        assertNoChange(LifoFault.class, Clause.SP_4, () -> pool.pop(b.asSlice(8)), a, b);
        assertNoChange(LifoFault.class, Clause.SP_4, () -> pool.pop(MemorySegment.ofArray(new long[2])), a, b);
        pool.pop(b);
        pool.pop(a);
        assertNoChange(LifoFault.class, Clause.SP_4, () -> pool.pop(a));
    }

    @Test
    void popRunsDestructorsInDescendingOrderThenReleasesDs1() {
        Fixtures.Log log = new Fixtures.Log();
        MemorySegment block = number(pool.push(log.type("t"), 3), 0);
        pool.pop(block);
        assertEquals(List.of("t:2", "t:1", "t:0"), log.destroyed);
        assertEquals(0, pool.top());
    }

    @Test
    void throwingDestructorStillCompletesThePopDs4() {
        Fixtures.Log log = new Fixtures.Log();
        MemorySegment below = pool.push(LONG, 1);
        MemorySegment block = number(pool.push(log.throwing("t", 2, 0), 3), 0);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.pop(block));
        assertEquals("boom 2", thrown.getMessage());
        assertEquals("boom 0", thrown.getSuppressed()[0].getMessage());
        assertEquals(List.of("t:2", "t:1", "t:0"), log.destroyed);
        assertEquals(8, pool.top());
        assertEquals(1, pool.liveBlockCount());
        pool.pop(below);
    }

    @Test
    void frameClosePopsEverythingSinceItsMarkLifoSp6() {
        Fixtures.Log log = new Fixtures.Log();
        MemorySegment kept = pool.push(log.type("kept"), 1);
        StackPool.Frame frame = pool.mark();
        assertEquals(8, frame.markedTop());
        assertTrue(frame.isOpen());
        number(pool.push(log.type("a"), 2), 0);
        number(pool.push(log.type("b"), 1), 5);
        assertEquals(List.of(8L), pool.state().frameMarkedTops());
        frame.close();
        assertEquals(List.of("b:5", "a:1", "a:0"), log.destroyed);
        assertFalse(frame.isOpen());
        assertEquals(8, pool.top());
        assertEquals(0, pool.openFrameCount());
        pool.pop(kept);
    }

    @Test
    void framesNestAndOnlyTheInnermostClosesSp6() {
        MemorySegment outerBlock = number(pool.push(LONG, 1), 1);
        StackPool.Frame outer = pool.mark();
        MemorySegment middle = number(pool.push(LONG, 1), 2);
        StackPool.Frame inner = pool.mark();
        assertEquals(2, pool.openFrameCount());
        assertEquals(List.of(8L, 16L), pool.state().frameMarkedTops());
        assertNoChange(LifoFault.class, Clause.SP_6, outer::close, outerBlock, middle);
        assertNoChange(LifoFault.class, Clause.SP_6, () -> pool.pop(middle), outerBlock, middle);
        inner.close();
        assertNoChange(LifoFault.class, Clause.SP_6, inner::close, outerBlock, middle);
        pool.pop(middle);
        assertNoChange(LifoFault.class, Clause.SP_6, () -> pool.pop(outerBlock), outerBlock);
        outer.close();
        assertEquals(8, pool.top());
        pool.pop(outerBlock);
    }

    @Test
    void frameMarkedOnEmptyPoolAndOnTopOfAMarkSp6() {
        StackPool.Frame first = pool.mark();
        StackPool.Frame second = pool.mark();
        assertEquals(0, second.markedTop());
        MemorySegment block = pool.push(INT, 1);
        assertEquals(List.of(0L, 0L), pool.state().frameMarkedTops());
        second.close();
        assertEquals(0, pool.liveBlockCount());
        assertThrows(LifoFault.class, () -> pool.pop(block));
        first.close();
        assertEquals(0, pool.openFrameCount());
        assertNoChange(LifoFault.class, Clause.SP_6, first::close);
    }

    @Test
    void throwingDestructorStillCompletesTheFrameCloseDs4() {
        Fixtures.Log log = new Fixtures.Log();
        StackPool.Frame frame = pool.mark();
        number(pool.push(log.throwing("x", 0), 1), 0);
        number(pool.push(log.throwing("y", 0), 1), 0);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, frame::close);
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals(List.of("y:0", "x:0"), log.destroyed);
        assertEquals(0, pool.liveBlockCount());
        assertFalse(frame.isOpen());
        assertEquals(0, pool.openFrameCount());
    }

    @Test
    void otherThreadsAreRejectedWithNoChangeSp7() throws InterruptedException {
        MemorySegment block = number(pool.push(LONG, 2), 4);
        StackPool.Frame frame = pool.mark();
        StackPoolState before = pool.state();
        assertWrongThread(Clause.SP_7, () -> pool.push(LONG, 1));
        assertWrongThread(Clause.SP_7, () -> pool.pushUninitialized(LONG, 1, 1));
        assertWrongThread(Clause.SP_7, () -> pool.pop(block));
        assertWrongThread(Clause.SP_7, pool::mark);
        assertWrongThread(Clause.SP_7, frame::close);
        assertWrongThread(Clause.SP_7, () -> pool.allocate(8, 8));
        assertWrongThread(Clause.SP_7, pool::closeAndReport);
        assertWrongThread(Clause.SP_7, pool::close);
        assertEquals(before, pool.state());
        assertSame(Thread.currentThread(), pool.owner());
    }

    @Test
    void closePopsEverythingLifoAndReportsLeaksSp8() {
        Fixtures.Log log = new Fixtures.Log();
        number(pool.push(log.type("a"), 2), 0);
        pool.mark();
        MemorySegment b = number(pool.push(log.type("b"), 1), 9);
        assertFalse(pool.isClosed());
        LeakReport report = pool.closeAndReport();
        assertEquals(List.of("b:9", "a:1", "a:0"), log.destroyed);
        assertEquals(2, report.blockCount());
        assertEquals(24, report.byteSize());
        assertEquals(List.of("b", "a"), report.leaks().stream().map(leak -> leak.type().name()).toList());
        assertEquals(List.of(1L, 2L), report.leaks().stream().map(LeakReport.Leak::elementCount).toList());
        assertTrue(pool.isClosed());
        assertEquals(new StackPoolState(256, 0, List.of(), List.of(), true), pool.state());
        assertThrows(IllegalStateException.class, () -> b.get(ValueLayout.JAVA_LONG, 0));
        assertSame(LeakReport.NONE, pool.closeAndReport());
    }

    @Test
    void everyCallAfterCloseIsAClosedFaultSp8() {
        MemorySegment block = pool.push(LONG, 1);
        StackPool.Frame frame = pool.mark();
        pool.close();
        assertFalse(frame.isOpen());
        assertNoChange(ClosedFault.class, Clause.SP_8, () -> pool.push(LONG, 1));
        assertNoChange(ClosedFault.class, Clause.SP_8, () -> pool.pushUninitialized(LONG, 1, 1));
        assertNoChange(ClosedFault.class, Clause.SP_8, () -> pool.pop(block));
        assertNoChange(ClosedFault.class, Clause.SP_8, pool::mark);
        assertNoChange(ClosedFault.class, Clause.SP_8, frame::close);
        assertNoChange(ClosedFault.class, Clause.SP_8, () -> pool.allocate(1, 1));
        assertNoChange(ClosedFault.class, Clause.SP_8, () -> pool.allocate(0, 1));
        pool.close();
        assertTrue(pool.isClosed());
    }

    @Test
    void closeWithAThrowingDestructorStillClosesDs4() {
        Fixtures.Log log = new Fixtures.Log();
        number(pool.push(log.throwing("a", 0), 1), 0);
        number(pool.push(log.throwing("b", 0), 1), 0);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, pool::closeAndReport);
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals(List.of("b:0", "a:0"), log.destroyed);
        assertTrue(pool.isClosed());
    }

    @Test
    void applicationMemoryIsUsedOnlyWhereBlocksAreAndNeverFreedSp1() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(64, 16).fill((byte) 0x77);
            ModelStackPool supplied = ModelStackPool.on(memory);
            assertFalse(supplied.ownsMemory());
            assertTrue(pool.ownsMemory());
            assertEquals(64, supplied.byteCapacity());
            MemorySegment block = supplied.push(Type.BYTE, 3);
            MemorySegment aligned = supplied.push(LONG, 1);
            assertEquals(memory.address(), block.address());
            assertEquals(memory.address() + 8, aligned.address());
            assertTrue(allZero(block) && allZero(aligned));
            assertEquals(0x77, memory.get(ValueLayout.JAVA_BYTE, 3));
            assertEquals(0x77, memory.get(ValueLayout.JAVA_BYTE, 16));
            supplied.pop(aligned);
            supplied.close();
            assertEquals(0x77, memory.get(ValueLayout.JAVA_BYTE, 63));
            assertTrue(allZero(block));
        }
    }

    @Test
    void badMemoryIsRejectedSp1() {
        assertFault(ArgumentFault.class, Clause.SP_1, () -> ModelStackPool.owning(0));
        assertFault(ArgumentFault.class, Clause.SP_1, () -> ModelStackPool.owning(Type.BLOCK_BYTE_SIZE_MAX + 1));
        assertFault(ArgumentFault.class, Clause.SP_1, () -> ModelStackPool.on(MemorySegment.ofArray(new byte[0])));
        assertFault(ArgumentFault.class, Clause.SP_1,
                () -> ModelStackPool.on(MemorySegment.ofArray(new byte[8]).asReadOnly()));
        assertFault(AllocationFault.class, Clause.SP_1, () -> ModelStackPool.owning(Type.BLOCK_BYTE_SIZE_MAX));
        assertEquals(1, ModelStackPool.owning(1).byteCapacity());
        assertEquals(8, ModelStackPool.on(MemorySegment.ofArray(new byte[8])).byteCapacity());
        assertEquals(1, ModelStackPool.on(MemorySegment.ofArray(new byte[1])).push(Type.BYTE, 1).byteSize());
    }

    @Test
    void liveBlockAndOpenFrameLimitsAreExhaustionSp3() {
        ModelStackPool limited = ModelStackPool.owning(64, 2, 1);
        MemorySegment first = number(limited.push(LONG, 1), 1);
        MemorySegment second = number(limited.push(LONG, 1), 2);
        Fixtures.assertNoChange(limited::state, PoolExhaustedFault.class, Clause.SP_3, () -> limited.push(LONG, 1),
                first, second);
        limited.mark();
        Fixtures.assertNoChange(limited::state, PoolExhaustedFault.class, Clause.SP_3, limited::mark, first, second);
        assertEquals(1, limited.openFrameCount());
        ModelStackPool supplied = ModelStackPool.on(MemorySegment.ofArray(new byte[8]), 1, 2);
        supplied.mark();
        supplied.mark();
        assertEquals(2, supplied.openFrameCount());
        assertFault(PoolExhaustedFault.class, Clause.SP_3, supplied::mark);
        supplied.push(Type.BYTE, 1);
        assertFault(PoolExhaustedFault.class, Clause.SP_3, () -> supplied.push(Type.BYTE, 1));
    }

    @Test
    void limitsOutOfRangeAreRejectedSp1() {
        int tooMany = ModelStackPool.COUNT_MAX_LIMIT + 1;
        assertFault(ArgumentFault.class, Clause.SP_1, () -> ModelStackPool.owning(64, 0, 1));
        assertFault(ArgumentFault.class, Clause.SP_1, () -> ModelStackPool.owning(64, 1, 0));
        assertFault(ArgumentFault.class, Clause.SP_1, () -> ModelStackPool.owning(64, tooMany, 1));
        assertFault(ArgumentFault.class, Clause.SP_1, () -> ModelStackPool.owning(64, 1, tooMany));
        assertFault(ArgumentFault.class, Clause.SP_1, () -> ModelStackPool.on(MemorySegment.ofArray(new byte[8]), 0, 1));
        int most = ModelStackPool.COUNT_MAX_LIMIT;
        assertEquals(64, ModelStackPool.owning(64, most, most).byteCapacity());
    }

    @Test
    void callsFromADestructorThePoolIsRunningAreLifoFaultsSp4() {
        List<String> seen = new ArrayList<>();
        StackPool.Frame frame = pool.mark();
        MemorySegment below = number(pool.push(LONG, 1), 1);
        List<Executable> calls = List.of(() -> pool.push(LONG, 1), () -> pool.pushUninitialized(LONG, 1, 1),
                () -> pool.pop(below), pool::mark, frame::close, pool::closeAndReport, pool::close,
                () -> pool.allocate(1, 1));
        Type reentrant = Type.of("reentrant", ValueLayout.JAVA_LONG).withDestructor(element -> {
            for (Executable call : calls) {
                try {
                    call.execute();
                    seen.add("none");
                } catch (Throwable thrown) {
                    seen.add(thrown.getClass().getSimpleName() + " " + Clause.of(thrown).orElseThrow());
                }
            }
        });
        MemorySegment block = pool.push(reentrant, 1);
        StackPoolState beforePush = new StackPoolState(256, 8, pool.state().liveBlocks().subList(0, 1), List.of(0L),
                false);
        pool.pop(block);
        assertEquals(java.util.Collections.nCopies(calls.size(), "LifoFault SP-4"), seen);
        assertEquals(beforePush, pool.state());
        pool.push(reentrant, 1);
        seen.clear();
        frame.close();
        assertEquals(java.util.Collections.nCopies(calls.size(), "LifoFault SP-4"), seen);
        assertEquals(0, pool.liveBlockCount());
        pool.push(reentrant, 1);
        seen.clear();
        pool.close();
        assertEquals(java.util.Collections.nCopies(calls.size(), "LifoFault SP-4"), seen);
        assertTrue(pool.isClosed());
    }

    @Test
    void blocksNeverResizeAndHaveNoOtherFreeSp5() {
        for (Method method : StackPool.class.getMethods()) {
            assertFalse(List.of("resize", "free").contains(method.getName()), method.toString());
        }
        MemorySegment block = number(pool.push(LONG, 1), 5);
        try (ModelGeneralAllocator general = ModelGeneralAllocator.shared()) {
            assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> general.free(block), block);
            assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> general.resize(block, 2), block);
        }
    }

    @Test
    void segmentAllocatorPushesBytesSp9() {
        MemorySegment bytes = pool.allocate(5, 4);
        MemorySegment value = pool.allocateFrom(ValueLayout.JAVA_INT, 42);
        assertEquals(List.of(new StackPoolState.Block(0, 5, 4, "byte"), new StackPoolState.Block(8, 4, 4, "byte")),
                pool.state().liveBlocks());
        assertEquals(42, value.get(ValueLayout.JAVA_INT, 0));
        assertTrue(allZero(bytes));
        assertNoChange(ArgumentFault.class, Clause.SP_9, () -> pool.allocate(0, 1), bytes, value);
        MemorySegment one = pool.allocate(1, 1);
        assertEquals(1, one.byteSize());
        pool.pop(one);
        assertNoChange(ArgumentFault.class, Clause.AC_4, () -> pool.allocate(1, 3), bytes, value);
        pool.pop(value);
        pool.pop(bytes);
    }
}
