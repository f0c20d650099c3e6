package dev.cairn;

import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TY-1, TY-2 and the shared destruction rules (DS-1, DS-4). */
class TypeTest {

    private static final MemoryLayout POINT = MemoryLayout.structLayout(
            ValueLayout.JAVA_DOUBLE.withName("x"), ValueLayout.JAVA_DOUBLE.withName("y"));

    @Test
    void aTypeHasNameLayoutSizeAlignmentAndDefaults() {
        Type point = Type.of("point", POINT);
        assertEquals("point", point.name());
        assertEquals(16, point.byteSize());
        assertEquals(8, point.byteAlignment());
        assertFalse(point.hasDestructor());
        assertSame(Freer.NONE, point.freer(), "TY-1 default freer does nothing");
        assertTrue(point.referent().isEmpty());
    }

    @Test
    void withDestructorAndFreerMakeNewTypes() {
        Type plain = Type.of("point", POINT);
        Destructor destructor = element -> { };
        Freer freer = item -> { };
        Type destroyed = plain.withDestructor(destructor).withFreer(freer);
        assertSame(destructor, destroyed.destructor().orElseThrow());
        assertSame(freer, destroyed.freer());
        assertFalse(plain.hasDestructor(), "types are immutable");
    }

    @Test
    void typesAreComparedByIdentityAndKeepTheirLayoutsFigures() {
        Type first = Type.of("point", POINT);
        Type second = Type.of("point", POINT);
        assertEquals(first, first);
        assertNotEquals(first, second, "two types made alike are two types");
        assertNotEquals(first, first.withFreer(Freer.NONE), "a copy is another type");
        assertEquals(System.identityHashCode(first), first.hashCode());
        assertSame(POINT, first.layout());
        assertEquals(POINT.byteSize(), first.byteSize());
        assertEquals(POINT.byteAlignment(), first.byteAlignment());
        assertEquals("Type[name=point, byteSize=16, byteAlignment=8]", first.toString());
        assertEquals("Type[name=point, byteSize=16, byteAlignment=8, destructor, freer]",
                first.withDestructor(element -> { }).withFreer(item -> { }).toString());
    }

    @Test
    void referenceTypesAreAddressesToTheirReferent() {
        Type point = Type.of("point", POINT);
        Type reference = Type.referenceTo(point);
        assertEquals("point*", reference.name());
        assertEquals(ValueLayout.ADDRESS.byteSize(), reference.byteSize());
        assertSame(point, reference.referent().orElseThrow());
    }

    @Test
    void malformedTypesAreRefused() {
        assertEquals(Clause.TY_1, assertThrows(ArgumentFault.class, () -> Type.of(" ", POINT)).clause());
        ArgumentFault empty = assertThrows(ArgumentFault.class, () -> Type.of("empty", MemoryLayout.structLayout()));
        assertTrue(empty.getMessage().contains("byteSize=0"), empty.getMessage());
        MemoryLayout ragged = MemoryLayout.structLayout(ValueLayout.JAVA_LONG, ValueLayout.JAVA_BYTE);
        ArgumentFault notMultiple = assertThrows(ArgumentFault.class, () -> Type.of("ragged", ragged));
        assertEquals(Clause.TY_1, notMultiple.clause());
        assertTrue(notMultiple.getMessage().contains("byteSize=9 not a multiple of byteAlignment=8"), notMultiple.getMessage());
        assertThrows(NullPointerException.class, () -> Type.of(null, POINT));
        assertThrows(NullPointerException.class, () -> Type.of("x", null));
    }

    @Test
    void blockByteSizeIsCountTimesElementSize() {
        Type point = Type.of("point", POINT);
        assertEquals(16, point.blockByteSize(1));
        assertEquals(16 * 1000, point.blockByteSize(1000));
        assertEquals(Type.BLOCK_BYTE_SIZE_MAX, Type.BYTE.blockByteSize(Type.BLOCK_BYTE_SIZE_MAX));
    }

    @Test
    void countsBelowOneAndOverflowingSizesAreRefused() {
        Type point = Type.of("point", POINT);
        for (long count : new long[] {0, -1, Long.MIN_VALUE}) {
            ArgumentFault fault = assertThrows(ArgumentFault.class, () -> point.blockByteSize(count));
            assertEquals(Clause.TY_2, fault.clause());
            assertTrue(fault.getMessage().contains("count=" + count), fault.getMessage());
        }
        for (long count : new long[] {Type.BLOCK_BYTE_SIZE_MAX / 16 + 1, Long.MAX_VALUE / 16 + 1, Long.MAX_VALUE}) {
            ArgumentFault fault = assertThrows(ArgumentFault.class, () -> point.blockByteSize(count));
            assertEquals(Clause.TY_2, fault.clause());
            assertTrue(fault.getMessage().contains("exceeds blockByteSizeMax"), fault.getMessage());
        }
    }

    @Test
    void elementsAreDestroyedInDescendingIndexOrder() {
        List<Long> order = new ArrayList<>();
        Type indexed = Type.of("indexed", ValueLayout.JAVA_LONG).withDestructor(e -> order.add(e.get(ValueLayout.JAVA_LONG, 0)));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(8 * 5, 8);
            for (long i = 0; i < 5; i++) {
                block.setAtIndex(ValueLayout.JAVA_LONG, i, i);
            }
            assertNull(Destruction.destroyElements(indexed, block, 1, 5, null));
        }
        assertEquals(List.of(4L, 3L, 2L, 1L), order, "DS-1 descending, only the range asked for");
    }

    @Test
    void aThrowingDestructorDoesNotStopTheOthersAndTheFirstFailureWins() {
        List<Long> destroyed = new ArrayList<>();
        Type failing = Type.of("failing", ValueLayout.JAVA_LONG).withDestructor(e -> {
            long index = e.get(ValueLayout.JAVA_LONG, 0);
            destroyed.add(index);
            if (index % 2 == 1) {
                throw new IllegalStateException("element " + index);
            }
        });
        Throwable failure;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(8 * 4, 8);
            for (long i = 0; i < 4; i++) {
                block.setAtIndex(ValueLayout.JAVA_LONG, i, i);
            }
            failure = Destruction.destroyElements(failing, block, 0, 4, null);
        }
        assertEquals(List.of(3L, 2L, 1L, 0L), destroyed, "DS-4 every element still destroyed");
        assertEquals("element 3", failure.getMessage(), "DS-4 the first failure propagates");
        assertEquals(1, failure.getSuppressed().length, "DS-4 later failures suppressed");
        assertEquals("element 1", failure.getSuppressed()[0].getMessage());
        assertSame(failure, Destruction.combine(failure, null), "a step that did not fail adds nothing");
        assertEquals(1, failure.getSuppressed().length);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Destruction.rethrow(failure));
        assertSame(failure, thrown);
    }
}
