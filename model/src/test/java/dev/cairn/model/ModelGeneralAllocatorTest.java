package dev.cairn.model;

import dev.cairn.AlignmentContext;
import dev.cairn.LeakReport;
import dev.cairn.Type;
import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.FixedSizeFault;
import dev.cairn.fault.ForeignBlockFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.cairn.model.Fixtures.INT;
import static dev.cairn.model.Fixtures.LONG;
import static dev.cairn.model.Fixtures.PAIR;
import static dev.cairn.model.Fixtures.allZero;
import static dev.cairn.model.Fixtures.assertFault;
import static dev.cairn.model.Fixtures.assertWrongThread;
import static dev.cairn.model.Fixtures.number;
import static dev.cairn.model.Fixtures.thrownOnOtherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelGeneralAllocatorTest {

    private final ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();

    @AfterEach
    void close() {
        if (allocator.owner() == null) {
            allocator.closeAndReport();
        }
    }

    private <T extends Throwable> T assertNoChange(Class<T> type, Clause clause, Executable call, MemorySegment... live) {
        T thrown = Fixtures.assertNoChange(allocator::state, type, clause, call, live);
        assertTrue(allocator.checkInvariants());
        return thrown;
    }

    private static GeneralAllocatorState.Block block(String typeName, long count, long byteSize, long byteAlignment,
                                                     boolean growable) {
        return new GeneralAllocatorState.Block(typeName, count, byteSize, byteAlignment, growable, false, 0);
    }

    @Test
    void allocateGivesZeroedAlignedDisjointBlocksGa1() {
        List<MemorySegment> blocks = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            blocks.add(allocator.allocate(INT, 3));
            blocks.add(allocator.allocate(PAIR, 2, 16));
            blocks.add(allocator.allocateUninitialized(Type.BYTE, 5, 4));
        }
        for (MemorySegment block : blocks) {
            assertTrue(allZero(block));
        }
        assertEquals(12, blocks.get(0).byteSize());
        assertEquals(32, blocks.get(1).byteSize());
        assertEquals(0, blocks.get(1).address() % 16);
        assertEquals(0, blocks.get(2).address() % 4);
        List<MemorySegment> byAddress = blocks.stream().sorted(Comparator.comparingLong(MemorySegment::address)).toList();
        for (int index = 1; index < byAddress.size(); index++) {
            MemorySegment below = byAddress.get(index - 1);
            assertTrue(below.address() + below.byteSize() <= byAddress.get(index).address());
        }
        assertEquals(List.of(block("int", 3, 12, 4, false), block("pair", 2, 32, 16, false), block("byte", 5, 5, 4, false)),
                allocator.state().liveBlocks().subList(0, 3));
        assertEquals(12, allocator.liveBlockCount());
        assertEquals(4 * (12 + 32 + 5), allocator.liveByteSize());
    }

    @Test
    void alignmentAndCountFaultsChangeNothingAc4Ty2() {
        MemorySegment live = number(allocator.allocate(LONG, 2), 1);
        assertNoChange(AlignmentFault.class, Clause.AC_4, () -> allocator.allocate(LONG, 1, 32), live);
        assertNoChange(AlignmentFault.class, Clause.AC_4, () -> allocator.allocateGrowable(LONG, 1, 32), live);
        assertNoChange(ArgumentFault.class, Clause.AC_4, () -> allocator.allocate(LONG, 1, 6), live);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> allocator.allocate(LONG, 0, 8), live);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> allocator.allocateGrowable(LONG, -1), live);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> allocator.allocate(LONG, Long.MAX_VALUE), live);
        AlignmentContext.run(4096, () -> assertEquals(0, allocator.allocate(LONG, 1, 4096).address() % 4096));
    }

    @Test
    void blocksAreFixedUnlessGrowableGa2() {
        MemorySegment fixed = allocator.allocate(INT, 1);
        MemorySegment growable = allocator.allocateGrowable(INT, 1);
        assertFalse(allocator.isGrowable(fixed));
        assertTrue(allocator.isGrowable(growable));
        assertSame(INT, allocator.typeOf(growable));
        assertEquals(List.of(block("int", 1, 4, 4, false), block("int", 1, 4, 4, true)), allocator.state().liveBlocks());
        assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.isGrowable(fixed.asSlice(0, 2)));
        assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.typeOf(MemorySegment.NULL));
    }

    @Test
    void growKeepsContentsAndZeroesNewElementsGa3() {
        MemorySegment block = number(allocator.allocateGrowable(LONG, 2, 16), 40);
        MemorySegment grown = allocator.resize(block, 5);
        assertEquals(40, grown.getAtIndex(ValueLayout.JAVA_LONG, 0));
        assertEquals(41, grown.getAtIndex(ValueLayout.JAVA_LONG, 1));
        assertTrue(allZero(grown.asSlice(16)));
        assertEquals(40, grown.byteSize());
        assertEquals(0, grown.address() % 16);
        assertEquals(List.of(block("long", 5, 40, 16, true)), allocator.state().liveBlocks());
        assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.free(block), grown);
    }

    @Test
    void shrinkDestroysCutElementsDescendingGa3Ds1() {
        Fixtures.Log log = new Fixtures.Log();
        MemorySegment block = number(allocator.allocateGrowable(log.type("t"), 5), 0);
        MemorySegment shrunk = allocator.resize(block, 2);
        assertEquals(List.of("t:4", "t:3", "t:2"), log.destroyed);
        assertEquals(16, shrunk.byteSize());
        assertEquals(1, shrunk.getAtIndex(ValueLayout.JAVA_LONG, 1));
        allocator.free(shrunk);
        assertEquals(List.of("t:4", "t:3", "t:2", "t:1", "t:0"), log.destroyed);
    }

    @Test
    void resizeKeepsTheAlignmentWithoutConsultingTheContextGa3() {
        MemorySegment wide = AlignmentContext.call(64, () -> allocator.allocateGrowable(Type.BYTE, 8, 64));
        MemorySegment grown = allocator.resize(wide, 100);
        assertEquals(0, grown.address() % 64);
        assertEquals(64, allocator.state().liveBlocks().getFirst().byteAlignment());
    }

    @Test
    void resizeOfFixedOrForeignBlocksOrBadCountsChangesNothingGa3Ga4() {
        MemorySegment fixed = number(allocator.allocate(LONG, 2), 5);
        MemorySegment growable = number(allocator.allocateGrowable(LONG, 2), 7);
        assertNoChange(FixedSizeFault.class, Clause.GA_3, () -> allocator.resize(fixed, 3), fixed, growable);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> allocator.resize(growable, 0), fixed, growable);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> allocator.resize(growable, Long.MAX_VALUE), fixed, growable);
        assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.resize(growable.asSlice(8), 3), fixed, growable);
        assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.resize(growable.asSlice(0, 8), 3), fixed, growable);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> allocator.resize(fixed, 0), fixed, growable);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> allocator.resize(MemorySegment.NULL, -1), fixed, growable);
        assertNoChange(ArgumentFault.class, Clause.TY_2, () -> allocator.resize(fixed, Long.MAX_VALUE), fixed, growable);
        assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.resize(MemorySegment.NULL, Long.MAX_VALUE),
                fixed, growable);
    }

    @Test
    void freeRunsDestructorsThenForgetsTheBlockGa4Ds1() {
        Fixtures.Log log = new Fixtures.Log();
        MemorySegment kept = number(allocator.allocate(LONG, 1), 9);
        MemorySegment block = number(allocator.allocate(log.type("t"), 3), 0);
        allocator.free(block);
        assertEquals(List.of("t:2", "t:1", "t:0"), log.destroyed);
        assertEquals(List.of(block("long", 1, 8, 8, false)), allocator.state().liveBlocks());
        assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.free(block), kept);
        assertEquals(3, log.destroyed.size());
    }

    @Test
    void anythingButALiveBlockExactlyAsReturnedIsAForeignBlockGa4() {
        MemorySegment block = number(allocator.allocate(LONG, 2), 3);
        try (ModelGeneralAllocator other = ModelGeneralAllocator.shared()) {
            MemorySegment othersBlock = other.allocate(LONG, 2);
            assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.free(othersBlock), block);
            assertEquals(1, other.liveBlockCount());
        }
        assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.free(block.asSlice(0, 8)), block);
        assertNoChange(ForeignBlockFault.class, Clause.GA_4, () -> allocator.free(block.asSlice(8)), block);
        ForeignBlockFault heap = assertNoChange(ForeignBlockFault.class, Clause.GA_4,
                () -> allocator.free(MemorySegment.ofArray(new long[2])), block);
        assertTrue(heap.getMessage().contains("byteSize=16 heap]"), heap.getMessage());
        ForeignBlockFault slice = assertNoChange(ForeignBlockFault.class, Clause.GA_4,
                () -> allocator.freer().free(block.asSlice(0, 8)), block);
        assertTrue(slice.getMessage().contains("byteSize=8]"), slice.getMessage());
        assertNoChange(ForeignBlockFault.class, Clause.GA_4,
                () -> allocator.free(MemorySegment.ofAddress(block.address())), block);
        assertNoChange(ForeignBlockFault.class, Clause.GA_4,
                () -> allocator.freer().free(MemorySegment.ofAddress(block.address() + 8)), block);
        assertNoChange(ForeignBlockFault.class, Clause.GA_4,
                () -> allocator.freer().free(MemorySegment.ofArray(new long[0])), block);
        allocator.free(block);
    }

    @Test
    void aThrowingDestructorStillCompletesFreeAndFreerDs4() {
        Fixtures.Log log = new Fixtures.Log();
        MemorySegment first = number(allocator.allocate(log.throwing("t", 1), 2), 0);
        MemorySegment second = number(allocator.allocate(log.throwing("u", 0), 1), 0);
        assertEquals("boom 1", assertThrows(IllegalStateException.class, () -> allocator.free(first)).getMessage());
        assertEquals("boom 0", assertThrows(IllegalStateException.class, () -> allocator.freer().free(second)).getMessage());
        assertEquals(List.of("t:1", "t:0", "u:0"), log.destroyed);
        assertEquals(0, allocator.liveBlockCount());
    }

    @Test
    void freerFreesByAddressAloneDs5() {
        Fixtures.Log log = new Fixtures.Log();
        MemorySegment block = number(allocator.allocate(log.type("t"), 2), 0);
        MemorySegment other = allocator.allocate(LONG, 1);
        allocator.freer().free(MemorySegment.ofAddress(block.address()));
        assertEquals(List.of("t:1", "t:0"), log.destroyed);
        allocator.freer().free(other);
        assertEquals(0, allocator.liveBlockCount());
    }

    @Test
    void sharedAllocatorFreesBlocksOtherThreadsAllocatedGa5() throws InterruptedException {
        List<MemorySegment> fromOther = new ArrayList<>();
        assertNull(thrownOnOtherThread(() -> fromOther.add(allocator.allocate(LONG, 2))));
        assertNull(allocator.owner());
        allocator.free(fromOther.getFirst());
        MemorySegment mine = allocator.allocateGrowable(LONG, 1);
        assertNull(thrownOnOtherThread(() -> allocator.free(mine)));
        assertEquals(0, allocator.liveBlockCount());
    }

    @Test
    void concurrentAllocateResizeAndFreeKeepEveryInvariantGa5() throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int worker = 0; worker < 4; worker++) {
            long first = worker * 1000L;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int round = 0; round < 200; round++) {
                        MemorySegment block = number(allocator.allocateGrowable(LONG, 2), first + round);
                        MemorySegment grown = allocator.resize(block, 3);
                        assertEquals(first + round, grown.getAtIndex(ValueLayout.JAVA_LONG, 0));
                        allocator.free(grown);
                    }
                } catch (Throwable failure) {
                    failures.add(failure);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(0, allocator.liveBlockCount());
        assertTrue(allocator.checkInvariants());
    }

    @Test
    void confinedAllocatorRejectsOtherThreadsWithNoChangeGa5() throws InterruptedException {
        ModelGeneralAllocator confined = ModelGeneralAllocator.confined();
        MemorySegment block = number(confined.allocateGrowable(LONG, 2), 3);
        GeneralAllocatorState before = confined.state();
        assertWrongThread(Clause.GA_5, () -> confined.allocate(LONG, 1));
        assertWrongThread(Clause.GA_5, () -> confined.allocate(8, 8));
        assertWrongThread(Clause.GA_5, () -> confined.allocateGrowable(LONG, 1));
        assertWrongThread(Clause.GA_5, () -> confined.resize(block, 4));
        assertWrongThread(Clause.GA_5, () -> confined.free(block));
        assertWrongThread(Clause.GA_5, () -> confined.freer().free(block));
        assertWrongThread(Clause.GA_5, () -> confined.isGrowable(block));
        assertWrongThread(Clause.GA_5, () -> confined.typeOf(block));
        assertWrongThread(Clause.GA_5, () -> confined.allocateCounted(LONG, 1, 1, dev.cairn.CountMode.ATOMIC));
        assertWrongThread(Clause.GA_5, () -> confined.newVector(LONG, 1));
        assertWrongThread(Clause.GA_5, confined::closeAndReport);
        assertWrongThread(Clause.GA_5, confined::close);
        assertEquals(before, confined.state());
        assertEquals(3, block.getAtIndex(ValueLayout.JAVA_LONG, 0));
        assertSame(Thread.currentThread(), confined.owner());
        confined.close();
    }

    @Test
    void closeDestroysReportsAndInvalidatesEverythingGa6() {
        Fixtures.Log log = new Fixtures.Log();
        MemorySegment first = number(allocator.allocate(log.type("a"), 2), 0);
        number(allocator.allocateGrowable(log.type("b"), 1), 7);
        assertFalse(allocator.isClosed());
        LeakReport report = allocator.closeAndReport();
        assertEquals(List.of("b:7", "a:1", "a:0"), log.destroyed);
        assertEquals(2, report.blockCount());
        assertEquals(24, report.byteSize());
        assertEquals(List.of("b", "a"), report.leaks().stream().map(leak -> leak.type().name()).toList());
        assertTrue(allocator.isClosed());
        assertEquals(new GeneralAllocatorState(List.of(), 0, true), allocator.state());
        assertThrows(IllegalStateException.class, () -> first.get(ValueLayout.JAVA_LONG, 0));
        assertSame(LeakReport.NONE, allocator.closeAndReport());
    }

    @Test
    void everyCallAfterCloseIsAClosedFaultGa6() {
        MemorySegment block = allocator.allocateGrowable(LONG, 1);
        allocator.close();
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.allocate(LONG, 1));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.allocate(LONG, 1, 8));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.allocateUninitialized(LONG, 1, 8));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.allocateGrowable(LONG, 1));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.allocate(8, 8));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.allocate(0, 8));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.resize(block, 2));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.free(block));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.freer().free(block));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.isGrowable(block));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.typeOf(block));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.allocateCounted(LONG, 1, 1, dev.cairn.CountMode.ATOMIC));
        assertNoChange(ClosedFault.class, Clause.GA_6, () -> allocator.newVector(LONG, 1));
        allocator.close();
        assertTrue(allocator.isClosed());
    }

    @Test
    void closeWithAThrowingDestructorStillClosesDs4Ga6() {
        Fixtures.Log log = new Fixtures.Log();
        number(allocator.allocate(log.throwing("a", 0), 1), 0);
        number(allocator.allocate(log.throwing("b", 0), 1), 0);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, allocator::closeAndReport);
        assertEquals("boom 0", thrown.getMessage());
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals(List.of("b:0", "a:0"), log.destroyed);
        assertTrue(allocator.isClosed());
    }

    @Test
    void memoryBeyondTheLimitIsAnAllocationFaultWithNoChangeGa7() {
        try (ModelGeneralAllocator limited = ModelGeneralAllocator.shared(64)) {
            MemorySegment growable = number(limited.allocateGrowable(LONG, 4), 1);
            MemorySegment fixed = number(limited.allocate(LONG, 3), 2);
            Fixtures.assertNoChange(limited::state, AllocationFault.class, Clause.GA_7, () -> limited.allocate(LONG, 2),
                    growable, fixed);
            Fixtures.assertNoChange(limited::state, AllocationFault.class, Clause.GA_7, () -> limited.resize(growable, 6),
                    growable, fixed);
            Fixtures.assertNoChange(limited::state, AllocationFault.class, Clause.GA_7,
                    () -> limited.allocateCounted(LONG, 2, 1, dev.cairn.CountMode.ATOMIC), growable, fixed);
            Fixtures.assertNoChange(limited::state, AllocationFault.class, Clause.GA_7, () -> limited.newVector(LONG, 2),
                    growable, fixed);
            MemorySegment grown = limited.resize(growable, 5);
            assertEquals(64, limited.liveByteSize());
            limited.free(grown);
            assertEquals(32, limited.allocate(LONG, 4).byteSize());
        }
        try (ModelGeneralAllocator none = ModelGeneralAllocator.shared(0)) {
            Fixtures.assertNoChange(none::state, AllocationFault.class, Clause.GA_7, () -> none.allocate(Type.BYTE, 1));
        }
        assertFault(ArgumentFault.class, Clause.GA_7, () -> ModelGeneralAllocator.shared(-1));
        assertFault(ArgumentFault.class, Clause.GA_7, () -> ModelGeneralAllocator.confined(-1));
    }

    @Test
    void memoryTheSystemCannotGiveIsAnAllocationFaultGa7() {
        MemorySegment live = number(allocator.allocate(LONG, 1), 4);
        assertNoChange(AllocationFault.class, Clause.GA_7, () -> allocator.allocate(Type.BYTE, 1L << 61), live);
    }

    @Test
    void segmentAllocatorGivesFixedByteBlocksGa8() {
        MemorySegment bytes = allocator.allocate(6, 2);
        MemorySegment value = allocator.allocateFrom(ValueLayout.JAVA_LONG, 77);
        assertEquals(77, value.get(ValueLayout.JAVA_LONG, 0));
        assertSame(Type.BYTE, allocator.typeOf(bytes));
        assertFalse(allocator.isGrowable(bytes));
        assertEquals(List.of(block("byte", 6, 6, 2, false), block("byte", 8, 8, 8, false)), allocator.state().liveBlocks());
        assertNoChange(ArgumentFault.class, Clause.GA_8, () -> allocator.allocate(0, 1), bytes, value);
        assertEquals(1, allocator.allocate(1, 1).byteSize());
        assertNoChange(FixedSizeFault.class, Clause.GA_3, () -> allocator.resize(bytes, 7), bytes, value);
        allocator.free(bytes);
        allocator.free(value);
    }
}
