package dev.cairn.impl.general;

import dev.cairn.LeakReport;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.ForeignBlockFault;
import dev.cairn.fault.IndexFault;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.cairn.impl.general.GeneralFixture.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VE-1 and DS-5: the vector on growable blocks, destroying its elements and freeing its references. */
class GeneralVectorTest {

    private static MemorySegment longValue(long value) {
        return MemorySegment.ofArray(new long[] {value});
    }

    private static Type recording(List<Long> destroyed) {
        return Type.of("recorded", ValueLayout.JAVA_LONG)
                .withDestructor(element -> destroyed.add(element.get(ValueLayout.JAVA_LONG, 0)));
    }

    @Test
    void appendGetSetRemoveAndGeometricGrowthKeepingElements() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator; Vector vector = allocator.newVector(LONG, 2)) {
                assertSame(LONG, vector.elementType());
                assertEquals(0, vector.size());
                assertEquals(2, vector.capacity());
                for (long value = 0; value < 1000; value++) {
                    vector.append(longValue(value * 3));
                }
                assertEquals(1000, vector.size());
                assertEquals(1024, vector.capacity(), "doubling from 2");
                for (long index = 0; index < 1000; index++) {
                    assertEquals(index * 3, vector.get(index).get(ValueLayout.JAVA_LONG, 0));
                }
                vector.set(500, longValue(-1));
                assertEquals(-1, vector.get(500).get(ValueLayout.JAVA_LONG, 0));
                vector.removeLast();
                assertEquals(999, vector.size());
                assertEquals(1024, vector.capacity(), "the block does not shrink");
                MemorySegment appended = vector.append();
                assertEquals(0, appended.get(ValueLayout.JAVA_LONG, 0), "append() gives a zero element over old data");
                assertEquals(1, allocator.liveBlockCount(), "one growable block");
                assertEquals(1024 * 8, allocator.liveByteSize());
            }
        }
    }

    @Test
    void faultsChangeNothing() {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined(); Vector vector = allocator.newVector(LONG, 4)) {
            vector.append(longValue(5));
            assertVectorFault(IndexFault.class, vector, () -> vector.get(1));
            assertVectorFault(IndexFault.class, vector, () -> vector.get(-1));
            assertVectorFault(IndexFault.class, vector, () -> vector.set(1, longValue(1)));
            assertVectorFault(ArgumentFault.class, vector, () -> vector.append(MemorySegment.ofArray(new int[1])));
            assertVectorFault(ArgumentFault.class, vector, () -> vector.set(0, MemorySegment.ofArray(new int[3])));
            vector.removeLast();
            assertVectorFault(IndexFault.class, vector, vector::removeLast);
            vector.free();
            vector.free();
            assertEquals(0, allocator.liveBlockCount());
            for (Runnable call : List.<Runnable>of(vector::append, () -> vector.append(longValue(1)), () -> vector.get(0),
                    () -> vector.set(0, longValue(1)), vector::removeLast)) {
                ClosedFault fault = assertThrows(ClosedFault.class, call::run);
                assertEquals(Clause.VE_1, fault.clause());
            }
        }
    }

    private static void assertVectorFault(Class<? extends RuntimeException> type, Vector vector, Runnable call) {
        long size = vector.size();
        long capacity = vector.capacity();
        List<Long> before = contents(vector);
        RuntimeException fault = assertThrows(type, call::run);
        assertEquals(Clause.VE_1, Clause.of(fault).orElseThrow());
        assertTrue(fault.getMessage().contains("="), fault.getMessage());
        assertEquals(size, vector.size());
        assertEquals(capacity, vector.capacity());
        assertEquals(before, contents(vector));
    }

    private static List<Long> contents(Vector vector) {
        List<Long> values = new ArrayList<>();
        for (long index = 0; index < vector.size(); index++) {
            values.add(vector.get(index).get(ValueLayout.JAVA_LONG, 0));
        }
        return values;
    }

    @Test
    void aValueThatCannotBeReadChangesNothingAndDestroysNothing() {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined()) {
            List<Long> destroyed = new ArrayList<>();
            Vector vector = allocator.newVector(recording(destroyed), 1);
            vector.append(longValue(7));
            java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined();
            MemorySegment closed = arena.allocate(8);
            arena.close();
            assertThrows(IllegalStateException.class, () -> vector.set(0, closed));
            assertThrows(IllegalStateException.class, () -> vector.append(closed));
            assertEquals(List.of(), destroyed, "the replaced element was not destroyed");
            assertEquals(1, vector.size());
            assertEquals(1, vector.capacity());
            assertEquals(7, vector.get(0).get(ValueLayout.JAVA_LONG, 0));
            vector.free();
            assertEquals(List.of(7L), destroyed);
        }
    }

    @Test
    void removedReplacedAndFreedElementsAreDestroyedOnceInOrder() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                List<Long> destroyed = new ArrayList<>();
                Vector vector = allocator.newVector(recording(destroyed), 1);
                for (long value = 1; value <= 5; value++) {
                    vector.append(longValue(value));
                }
                assertEquals(List.of(), destroyed, "growth destroys nothing");
                vector.removeLast();
                assertEquals(List.of(5L), destroyed);
                vector.set(0, longValue(10));
                assertEquals(List.of(5L, 1L), destroyed, "set destroys the element it replaces");
                destroyed.clear();
                vector.free();
                assertEquals(List.of(4L, 3L, 2L, 10L), destroyed, "free destroys from the last down, only live elements");
                assertEquals(0, allocator.liveBlockCount());
            }
        }
    }

    @Test
    void aVectorOfReferencesFreesItsReferentsWithTheirFreer() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                List<Long> destroyed = new ArrayList<>();
                Type item = recording(destroyed).withFreer(allocator.freer());
                Vector references = allocator.newVector(Type.referenceTo(item), 2);
                for (long value = 0; value < 5; value++) {
                    MemorySegment referent = allocator.allocate(item, 1);
                    referent.set(ValueLayout.JAVA_LONG, 0, value);
                    references.append().set(ValueLayout.ADDRESS, 0, referent);
                }
                references.append();
                assertEquals(6, allocator.liveBlockCount());
                references.free();
                assertEquals(List.of(4L, 3L, 2L, 1L, 0L), destroyed, "DS-5: freer runs the destructor, nulls skipped");
                assertEquals(0, allocator.liveBlockCount(), "and releases the memory");
            }
        }
    }

    @Test
    void theDefaultFreerLeavesReferentsAlone() {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined()) {
            MemorySegment referent = allocator.allocate(LONG, 1);
            Vector references = allocator.newVector(Type.referenceTo(LONG), 1);
            references.append().set(ValueLayout.ADDRESS, 0, referent);
            references.free();
            assertEquals(1, allocator.liveBlockCount(), "Freer.NONE does not free");
            allocator.free(referent);
        }
    }

    @Test
    void theAllocatorsFreerTakesAnAddressOnlyOfALiveBlock() {
        try (FfmGeneralAllocator allocator = GeneralFixture.shared()) {
            MemorySegment block = allocator.allocate(LONG, 2);
            MemorySegment large = allocator.allocate(LONG, 10_000);
            allocator.freer().free(MemorySegment.ofAddress(block.address()));
            allocator.freer().free(MemorySegment.ofAddress(large.address()));
            assertEquals(0, allocator.liveBlockCount());
            assertThrows(ForeignBlockFault.class, () -> allocator.freer().free(MemorySegment.ofAddress(block.address())));
            assertThrows(ForeignBlockFault.class, () -> allocator.freer().free(MemorySegment.NULL));
        }
    }

    @Test
    void closingTheAllocatorDestroysALiveVectorsElementsOnce() {
        List<Long> destroyed = new ArrayList<>();
        FfmGeneralAllocator allocator = GeneralFixture.confined();
        Vector vector = allocator.newVector(recording(destroyed), 4);
        vector.append(longValue(1));
        vector.append(longValue(2));
        LeakReport report = allocator.closeAndReport();
        assertEquals(List.of(2L, 1L), destroyed, "only the live elements, last first");
        assertEquals(1, report.blockCount(), "the vector's block is reported");
        assertEquals(32, report.byteSize());
        assertThrows(ClosedFault.class, () -> vector.get(0));
        vector.free();
        assertEquals(List.of(2L, 1L), destroyed, "freeing after close does nothing");
    }
}
