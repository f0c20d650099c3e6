package dev.cairn.model;

import dev.cairn.CountMode;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static dev.cairn.model.Fixtures.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DS-2, DS-3, DS-5 across the model's components (DS-1 and DS-4 are also shown per component). */
class DestructionTest {

    private final ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
    private final Fixtures.Log log = new Fixtures.Log();
    /** A child: a long whose destructor logs. */
    private final Type child = log.type("child").withFreer(allocator.freer());
    /** A parent: the address of a child, freed by the parent's destructor through the allocator (DS-3). */
    private final Type parent = Type.of("parent", ValueLayout.ADDRESS)
            .withDestructor(element -> allocator.freer().free(element.get(ValueLayout.ADDRESS, 0)));

    @AfterEach
    void close() {
        allocator.closeAndReport();
    }

    private MemorySegment parentOf(long childValue) {
        MemorySegment childBlock = allocator.allocate(child, 1);
        childBlock.set(ValueLayout.JAVA_LONG, 0, childValue);
        MemorySegment parentBlock = allocator.allocate(parent, 1);
        parentBlock.set(ValueLayout.ADDRESS, 0, childBlock);
        return parentBlock;
    }

    @Test
    void destructorsSeeTheirElementsIntactDs2() {
        StackPool pool = ModelStackPool.owning(64);
        number(pool.push(log.type("p"), 2), 20);
        number(allocator.allocate(log.type("g"), 2), 30);
        pool.close();
        allocator.close();
        assertEquals(List.of("p:21", "p:20", "g:31", "g:30"), log.destroyed);
    }

    @Test
    void aDestructorMayFreeIntoTheAllocatorOnFreeAndOnCloseDs3() {
        MemorySegment first = parentOf(1);
        parentOf(2);
        assertEquals(4, allocator.liveBlockCount());
        allocator.free(first);
        assertEquals(List.of("child:1"), log.destroyed);
        assertEquals(2, allocator.liveBlockCount());
        LeakReport report = allocator.closeAndReport();
        assertEquals(List.of("child:1", "child:2"), log.destroyed);
        assertEquals(List.of("parent"), report.leaks().stream().map(leak -> leak.type().name()).toList());
        assertEquals(0, allocator.liveBlockCount());
    }

    @Test
    void aDestructorMayFreeIntoTheAllocatorOnResizeAndReleaseDs3() {
        MemorySegment childBlock = number(allocator.allocate(child, 1), 5);
        MemorySegment parents = allocator.allocateGrowable(parent, 2);
        parents.setAtIndex(ValueLayout.ADDRESS, 1, childBlock);
        parents.setAtIndex(ValueLayout.ADDRESS, 0, number(allocator.allocate(child, 1), 6));
        MemorySegment shrunk = allocator.resize(parents, 1);
        assertEquals(List.of("child:5"), log.destroyed);
        RefCounted counted = allocator.allocateCounted(parent, 1, 1, CountMode.ATOMIC);
        counted.item().set(ValueLayout.ADDRESS, 0, number(allocator.allocate(child, 1), 7));
        assertTrue(counted.release());
        assertEquals(List.of("child:5", "child:7"), log.destroyed);
        assertEquals(2, allocator.liveBlockCount());
        allocator.free(shrunk);
        assertEquals(List.of("child:5", "child:7", "child:6"), log.destroyed);
        assertEquals(0, allocator.liveBlockCount());
    }

    @Test
    void aVectorOfReferencesFreesItsReferentsWithTheirFreerDs5Ve1() {
        Vector vector = allocator.newVector(Type.referenceTo(child), 2);
        for (long value = 0; value < 3; value++) {
            vector.append().set(ValueLayout.ADDRESS, 0, number(allocator.allocate(child, 1), value));
        }
        vector.append();
        assertEquals(4, allocator.liveBlockCount());
        vector.removeLast();
        vector.removeLast();
        vector.set(0, MemorySegment.ofArray(new long[1]));
        assertEquals(List.of(), log.destroyed);
        vector.append().set(ValueLayout.ADDRESS, 0, number(allocator.allocate(child, 1), 3));
        vector.free();
        assertEquals(List.of("child:3", "child:1"), log.destroyed);
        assertEquals(List.of("child", "child"), allocator.state().liveBlocks().stream()
                .map(GeneralAllocatorState.Block::typeName).toList());
    }

    @Test
    void aFailingFreerStaysFirstThroughLaterSuccessesAndNullsDs4Ds5() {
        Type item = Type.of("item", ValueLayout.JAVA_LONG).withFreer(address -> {
            if (address.address() == 64) {
                throw new IllegalStateException("freer 64");
            }
            log.destroyed.add("freed:" + address.address());
        });
        Vector vector = allocator.newVector(Type.referenceTo(item), 4);
        vector.append(MemorySegment.ofArray(new long[] {32}));
        vector.append();
        vector.append(MemorySegment.ofArray(new long[] {16}));
        vector.append(MemorySegment.ofArray(new long[] {64}));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, vector::free);
        assertEquals("freer 64", thrown.getMessage());
        assertEquals(List.of("freed:16", "freed:32"), log.destroyed);
    }

    @Test
    void closingTheAllocatorFreesVectorsFirstWithTheirReferentsFreersGa6Ds5() {
        try (ModelGeneralAllocator items = ModelGeneralAllocator.shared()) {
            Type item = log.type("item").withFreer(items.freer());
            Vector vector = allocator.newVector(Type.referenceTo(item), 1);
            vector.append().set(ValueLayout.ADDRESS, 0, number(items.allocate(item, 1), 1));
            assertEquals(1, allocator.closeAndReport().blockCount());
            assertEquals(List.of("item:1"), log.destroyed);
            assertEquals(0, items.liveBlockCount());
        }
    }

    @Test
    void closingTheAllocatorFreesReferentsAllocatedAfterTheVectorDs3Ds5() {
        Vector vector = allocator.newVector(Type.referenceTo(child), 2);
        vector.append().set(ValueLayout.ADDRESS, 0, number(allocator.allocate(child, 1), 8));
        vector.append().set(ValueLayout.ADDRESS, 0, number(allocator.allocate(child, 1), 9));
        LeakReport report = allocator.closeAndReport();
        assertEquals(List.of("child:9", "child:8"), log.destroyed);
        assertEquals(List.of("child*"), report.leaks().stream().map(leak -> leak.type().name()).toList());
    }

    @Test
    void theDefaultFreerFreesNothingDs5() {
        Type plain = log.type("plain");
        Vector vector = allocator.newVector(Type.referenceTo(plain), 1);
        vector.append().set(ValueLayout.ADDRESS, 0, number(allocator.allocate(plain, 1), 3));
        vector.free();
        assertEquals(List.of(), log.destroyed);
        assertEquals(1, allocator.liveBlockCount());
    }

    @Test
    void aThrowingFreerStillFreesTheVectorDs4Ds5() {
        List<Long> freed = new ArrayList<>();
        Type item = Type.of("item", ValueLayout.JAVA_LONG).withFreer(address -> {
            freed.add(address.address());
            throw new IllegalStateException("freer " + freed.size());
        });
        Vector vector = allocator.newVector(Type.referenceTo(item), 2);
        vector.append(MemorySegment.ofArray(new long[] {16}));
        vector.append(MemorySegment.ofArray(new long[] {32}));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, vector::free);
        assertEquals("freer 1", thrown.getMessage());
        assertEquals("freer 2", thrown.getSuppressed()[0].getMessage());
        assertEquals(List.of(32L, 16L), freed);
        assertEquals(0, allocator.liveBlockCount());
        assertEquals(0, vector.size());
    }

    @Test
    void aThrowingDestructorStillCompletesFreeResizeAndSetDs4() {
        MemorySegment block = number(allocator.allocateGrowable(log.throwing("t", 3, 1), 4), 0);
        IllegalStateException onResize = assertThrows(IllegalStateException.class, () -> allocator.resize(block, 1));
        assertEquals("boom 3", onResize.getMessage());
        assertEquals(1, onResize.getSuppressed().length);
        assertEquals(List.of("t:3", "t:2", "t:1"), log.destroyed);
        assertEquals(8, allocator.state().liveBlocks().getFirst().byteSize());
        Vector vector = allocator.newVector(log.throwing("v", 9), 1);
        vector.append(MemorySegment.ofArray(new long[] {9}));
        assertThrows(IllegalStateException.class, () -> vector.set(0, MemorySegment.ofArray(new long[] {4})));
        assertEquals(4, vector.get(0).get(ValueLayout.JAVA_LONG, 0));
    }
}
