package dev.cairn.model;

import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.ForeignBlockFault;
import dev.cairn.fault.IndexFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static dev.cairn.model.Fixtures.LONG;
import static dev.cairn.model.Fixtures.allZero;
import static dev.cairn.model.Fixtures.assertWrongThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelVectorTest {

    private final ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();

    @AfterEach
    void close() {
        if (allocator.owner() == null) {
            allocator.closeAndReport();
        }
    }

    private static MemorySegment longValue(long value) {
        return MemorySegment.ofArray(new long[] {value});
    }

    private static long longAt(Vector vector, long index) {
        return vector.get(index).get(ValueLayout.JAVA_LONG, 0);
    }

    private static List<Long> contents(Vector vector) {
        return java.util.stream.LongStream.range(0, vector.size()).mapToObj(index -> longAt(vector, index)).toList();
    }

    /** Asserts the fault and that size, capacity, elements and the allocator's state are unchanged. */
    private <T extends Throwable> void assertNoChange(Vector vector, Class<T> type, Clause clause, Executable call) {
        List<Long> before = contents(vector);
        long capacity = vector.capacity();
        Fixtures.assertNoChange(allocator::state, type, clause, call);
        assertEquals(before, contents(vector));
        assertEquals(capacity, vector.capacity());
        assertTrue(allocator.checkInvariants());
    }

    @Test
    void appendGetSetGrowGeometricallyKeepingContentsVe1() {
        Vector vector = allocator.newVector(LONG, 1);
        assertSame(LONG, vector.elementType());
        assertEquals(List.of(new GeneralAllocatorState.Block("long", 1, 8, 8, true, false, 0)),
                allocator.state().liveBlocks());
        for (long value = 0; value < 5; value++) {
            vector.append(longValue(10 + value));
        }
        assertEquals(5, vector.size());
        assertEquals(8, vector.capacity());
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), contents(vector));
        assertTrue(allZero(vector.append()));
        vector.set(2, longValue(99));
        assertEquals(List.of(10L, 11L, 99L, 13L, 14L, 0L), contents(vector));
        assertEquals(List.of(new GeneralAllocatorState.Block("long", 8, 64, 8, true, false, 0)),
                allocator.state().liveBlocks());
    }

    @Test
    void removedElementsAreDestroyedAndSlotsComeBackZeroVe1Ds1() {
        Fixtures.Log log = new Fixtures.Log();
        Vector vector = allocator.newVector(log.type("t"), 4);
        vector.append(longValue(1));
        vector.append(longValue(2));
        vector.removeLast();
        assertEquals(List.of("t:2"), log.destroyed);
        assertEquals(1, vector.size());
        assertTrue(allZero(vector.append()));
        vector.set(0, longValue(5));
        assertEquals(List.of("t:2", "t:1"), log.destroyed);
        assertEquals(5, longAt(vector, 0));
        Vector throwing = allocator.newVector(log.throwing("x", 6), 1);
        throwing.append(longValue(6));
        assertThrows(IllegalStateException.class, throwing::removeLast);
        assertEquals(0, throwing.size());
        assertEquals(List.of("t:2", "t:1", "x:6"), log.destroyed);
    }

    @Test
    void freeDestroysElementsDescendingThenTheBlockVe1Ds1() {
        Fixtures.Log log = new Fixtures.Log();
        Vector vector = allocator.newVector(log.type("t"), 2);
        for (long value = 0; value < 3; value++) {
            vector.append(longValue(value));
        }
        vector.close();
        assertEquals(List.of("t:2", "t:1", "t:0"), log.destroyed);
        assertEquals(0, allocator.liveBlockCount());
        assertEquals(0, vector.size());
        assertEquals(0, vector.capacity());
        vector.free();
        assertEquals(3, log.destroyed.size());
    }

    @Test
    void badIndexesAndValuesChangeNothingVe1() {
        Vector vector = allocator.newVector(LONG, 2);
        assertNoChange(vector, IndexFault.class, Clause.VE_1, vector::removeLast);
        vector.append(longValue(7));
        assertNoChange(vector, IndexFault.class, Clause.VE_1, () -> vector.get(1));
        assertNoChange(vector, IndexFault.class, Clause.VE_1, () -> vector.get(-1));
        assertNoChange(vector, IndexFault.class, Clause.VE_1, () -> vector.set(1, longValue(1)));
        assertNoChange(vector, IndexFault.class, Clause.VE_1, () -> vector.set(-1, longValue(1)));
        assertNoChange(vector, ArgumentFault.class, Clause.VE_1, () -> vector.set(0, MemorySegment.ofArray(new int[1])));
        assertNoChange(vector, ArgumentFault.class, Clause.VE_1, () -> vector.append(MemorySegment.ofArray(new long[2])));
        assertEquals(1, vector.size());
    }

    @Test
    void growthThatCannotBeHadChangesNothingGa7Ve1() {
        try (ModelGeneralAllocator limited = ModelGeneralAllocator.shared(16)) {
            Vector vector = limited.newVector(LONG, 2);
            vector.append(longValue(1));
            vector.append(longValue(2));
            Fixtures.assertNoChange(limited::state, AllocationFault.class, Clause.GA_7, () -> vector.append(longValue(3)));
            assertEquals(List.of(1L, 2L), contents(vector));
            assertEquals(2, vector.capacity());
        }
    }

    @Test
    void aFreedVectorRejectsUseVe1() {
        Vector vector = allocator.newVector(LONG, 1);
        vector.append(longValue(3));
        vector.free();
        Fixtures.assertNoChange(allocator::state, ClosedFault.class, Clause.VE_1, vector::append);
        Fixtures.assertNoChange(allocator::state, ClosedFault.class, Clause.VE_1, () -> vector.append(longValue(1)));
        Fixtures.assertNoChange(allocator::state, ClosedFault.class, Clause.VE_1, () -> vector.get(0));
        Fixtures.assertNoChange(allocator::state, ClosedFault.class, Clause.VE_1, () -> vector.set(0, longValue(1)));
        Fixtures.assertNoChange(allocator::state, ClosedFault.class, Clause.VE_1, vector::removeLast);
    }

    @Test
    void closingTheAllocatorDestroysTheVectorsElementsGa6Ds1() {
        Fixtures.Log log = new Fixtures.Log();
        Vector vector = allocator.newVector(log.type("t"), 4);
        vector.append(longValue(1));
        vector.append(longValue(2));
        assertEquals(1, allocator.closeAndReport().blockCount());
        assertEquals(List.of("t:2", "t:1"), log.destroyed);
        assertEquals(0, vector.capacity());
        assertThrows(ClosedFault.class, vector::append);
        vector.free();
    }

    @Test
    void theVectorsBlockIsNotTheCallersToFreeGa4() {
        Vector vector = allocator.newVector(LONG, 1);
        MemorySegment element = vector.append(longValue(4));
        Fixtures.assertNoChange(allocator::state, ForeignBlockFault.class, Clause.GA_4, () -> allocator.free(element));
        Fixtures.assertNoChange(allocator::state, ForeignBlockFault.class, Clause.GA_4, () -> allocator.resize(element, 4));
        assertEquals(4, longAt(vector, 0));
    }

    @Test
    void aVectorOnAConfinedAllocatorIsConfinedGa5() throws InterruptedException {
        ModelGeneralAllocator confined = ModelGeneralAllocator.confined();
        Vector vector = confined.newVector(LONG, 1);
        vector.append(longValue(8));
        GeneralAllocatorState before = confined.state();
        assertWrongThread(Clause.GA_5, vector::append);
        assertWrongThread(Clause.GA_5, () -> vector.get(0));
        assertWrongThread(Clause.GA_5, () -> vector.set(0, longValue(1)));
        assertWrongThread(Clause.GA_5, vector::removeLast);
        assertWrongThread(Clause.GA_5, vector::free);
        assertEquals(before, confined.state());
        assertEquals(8, longAt(vector, 0));
        confined.close();
    }

    @Test
    void badVectorArgumentsAreFaultsTy2() {
        Fixtures.assertNoChange(allocator::state, ArgumentFault.class, Clause.TY_2, () -> allocator.newVector(LONG, 0));
        Type wide = Type.of("wide", java.lang.foreign.MemoryLayout.sequenceLayout(32, ValueLayout.JAVA_BYTE).withByteAlignment(32));
        Fixtures.assertNoChange(allocator::state, dev.cairn.fault.AlignmentFault.class, Clause.AC_4,
                () -> allocator.newVector(wide, 1));
    }
}
