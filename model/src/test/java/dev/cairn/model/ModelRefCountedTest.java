package dev.cairn.model;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.RefCounted;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ForeignBlockFault;
import dev.cairn.fault.RefCountFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.cairn.model.Fixtures.LONG;
import static dev.cairn.model.Fixtures.PAIR;
import static dev.cairn.model.Fixtures.allZero;
import static dev.cairn.model.Fixtures.assertWrongThread;
import static dev.cairn.model.Fixtures.number;
import static dev.cairn.model.Fixtures.thrownOnOtherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRefCountedTest {

    private final ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();

    @AfterEach
    void close() {
        allocator.closeAndReport();
    }

    /** Asserts the fault, and that the count, the allocator's state and the item's bytes are unchanged. */
    private void assertNoChange(RefCounted handle, Clause clause, Executable call, MemorySegment... live) {
        long count = handle.count();
        Fixtures.assertNoChange(allocator::state, RefCountFault.class, clause, call, live);
        assertEquals(count, handle.count());
        assertTrue(allocator.checkInvariants());
    }

    /** Reads the count from the native block, just before the item (RC-1). */
    private static int countInBlock(MemorySegment item, long itemOffset) {
        return MemorySegment.ofAddress(item.address() - itemOffset).reinterpret(4).get(ValueLayout.JAVA_INT, 0);
    }

    @Test
    void countStartsAtOneInTheItemsBlockAndTheItemKeepsItsAlignmentRc1() {
        RefCounted small = allocator.allocateCounted(LONG, 2, 1, CountMode.ATOMIC);
        RefCounted wide = AlignmentContext.call(64, () -> allocator.allocateCounted(PAIR, 1, 64, CountMode.CONFINED));
        RefCounted bytes = allocator.allocateCounted(dev.cairn.Type.BYTE, 3, 1, CountMode.ATOMIC);
        assertEquals(1, small.count());
        assertEquals(0, small.item().address() % 8);
        assertEquals(0, wide.item().address() % 64);
        assertEquals(1, countInBlock(small.item(), 8));
        assertEquals(1, countInBlock(wide.item(), 64));
        assertEquals(1, countInBlock(bytes.item(), 4));
        assertEquals(16, small.item().byteSize());
        assertTrue(allZero(small.item()));
        assertSame(LONG, small.type());
        assertEquals(2, small.elementCount());
        assertEquals(CountMode.ATOMIC, small.mode());
        assertEquals(CountMode.CONFINED, wide.mode());
        assertEquals(new GeneralAllocatorState.Block("long", 2, 16, 8, false, true, 1),
                allocator.state().liveBlocks().getFirst());
        assertEquals((8 + 16) + (64 + 16) + (4 + 3), allocator.liveByteSize(), "RC-1 whole blocks, counts included");
        small.retain();
        assertEquals(2, countInBlock(small.item(), 8));
    }

    @Test
    void retainAddsOneAndAtTheMaximumIsAFaultRc2() {
        RefCounted handle = allocator.allocateCounted(LONG, 1, 1, CountMode.ATOMIC);
        MemorySegment item = number(handle.item(), 11);
        handle.retain();
        assertEquals(2, handle.count());
        ((ModelRefCounted) handle).forceCount((int) RefCounted.COUNT_MAX - 1);
        handle.retain();
        assertEquals(RefCounted.COUNT_MAX, handle.count());
        assertNoChange(handle, Clause.RC_2, handle::retain, item);
        assertEquals(RefCounted.COUNT_MAX, allocator.state().liveBlocks().getFirst().referenceCount());
    }

    @Test
    void onlyTheReleaseReachingZeroDestroysAndSaysSoRc3Rc4() {
        Fixtures.Log log = new Fixtures.Log();
        RefCounted handle = allocator.allocateCounted(log.type("t"), 3, 1, CountMode.ATOMIC);
        number(handle.item(), 0);
        handle.retain();
        handle.retain();
        assertFalse(handle.release());
        handle.retain();
        assertEquals(3, handle.count());
        assertFalse(handle.release());
        assertFalse(handle.release());
        assertEquals(1, handle.count());
        assertTrue(log.destroyed.isEmpty());
        assertTrue(handle.isLive());
        assertTrue(handle.release());
        assertEquals(List.of("t:2", "t:1", "t:0"), log.destroyed);
        assertFalse(handle.isLive());
        assertEquals(0, handle.count());
        assertEquals(0, allocator.liveBlockCount());
    }

    @Test
    void aDestroyedItemRejectsEveryUseWithNoChangeRc2Rc3Rc5() {
        RefCounted handle = allocator.allocateCounted(LONG, 1, 1, CountMode.ATOMIC);
        MemorySegment other = number(allocator.allocate(LONG, 1), 5);
        assertTrue(handle.release());
        assertNoChange(handle, Clause.RC_2, handle::retain, other);
        assertNoChange(handle, Clause.RC_3, handle::release, other);
        assertNoChange(handle, Clause.RC_5, handle::item, other);
        assertEquals(0, handle.count());
    }

    @Test
    void aCountedItemCannotBeFreedAsABlockGa4() {
        RefCounted handle = allocator.allocateCounted(LONG, 1, 1, CountMode.ATOMIC);
        Fixtures.assertNoChange(allocator::state, ForeignBlockFault.class, Clause.GA_4, () -> allocator.free(handle.item()));
        Fixtures.assertNoChange(allocator::state, ForeignBlockFault.class, Clause.GA_4,
                () -> allocator.freer().free(MemorySegment.ofAddress(handle.item().address())));
        assertEquals(1, handle.count());
    }

    @Test
    void atomicCountsAreConservedAcrossThreadsRc6Rc4() throws InterruptedException {
        RefCounted handle = allocator.allocateCounted(LONG, 1, 1, CountMode.ATOMIC);
        int threads = 4;
        int rounds = 2000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int index = 0; index < threads; index++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                for (int round = 0; round < rounds; round++) {
                    handle.retain();
                    handle.release();
                    handle.retain();
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(1 + threads * rounds, handle.count());
        assertNull(thrownOnOtherThread(() -> {
            for (int round = 0; round < threads * rounds; round++) {
                assertFalse(handle.release());
            }
        }));
        assertTrue(handle.release());
    }

    @Test
    void confinedCountsRejectOtherThreadsWithNoChangeRc6() throws InterruptedException {
        RefCounted handle = allocator.allocateCounted(LONG, 1, 1, CountMode.CONFINED);
        GeneralAllocatorState before = allocator.state();
        assertWrongThread(Clause.RC_6, handle::retain);
        assertWrongThread(Clause.RC_6, handle::release);
        assertWrongThread(Clause.RC_6, handle::item);
        assertWrongThread(Clause.RC_6, handle::count);
        assertWrongThread(Clause.RC_6, handle::isLive);
        assertNull(thrownOnOtherThread(() -> assertEquals(List.of(1L), allocator.state().liveBlocks().stream()
                .map(GeneralAllocatorState.Block::referenceCount).toList())));
        assertNull(thrownOnOtherThread(() -> assertEquals(CountMode.CONFINED, handle.mode())));
        assertEquals(before, allocator.state());
        assertEquals(1, handle.count());
        assertTrue(handle.release());
    }

    /** An atomic item on a confined allocator: retains and releases from anywhere, but not the last one. */
    @Test
    void theLastReleaseOfAnAtomicItemOnAConfinedAllocatorBelongsToItsOwnerGa5Rc6() throws InterruptedException {
        ModelGeneralAllocator confined = ModelGeneralAllocator.confined(1 << 20);
        RefCounted handle = confined.allocateCounted(LONG, 1, 1, CountMode.ATOMIC);
        handle.retain();
        assertNull(thrownOnOtherThread(() -> assertFalse(handle.release())), "2 -> 1 from another thread");
        GeneralAllocatorState before = confined.state();
        Throwable thrown = thrownOnOtherThread(handle::release);
        assertEquals(Clause.GA_5, Clause.of(thrown).orElseThrow(), String.valueOf(thrown));
        assertEquals(before, confined.state(), "no change");
        assertEquals(1, handle.count());
        assertTrue(handle.release());
        confined.close();
    }

    @Test
    void closingTheAllocatorDestroysLiveItemsGa6Ds1() {
        Fixtures.Log log = new Fixtures.Log();
        RefCounted handle = allocator.allocateCounted(log.type("t"), 2, 1, CountMode.ATOMIC);
        number(handle.item(), 3);
        handle.retain();
        assertEquals(1, allocator.closeAndReport().blockCount());
        assertEquals(List.of("t:4", "t:3"), log.destroyed);
        assertFalse(handle.isLive());
        assertEquals(0, handle.count());
        assertThrows(RefCountFault.class, handle::release);
    }

    @Test
    void throwingDestructorStillReleasesTheItemDs4() {
        Fixtures.Log log = new Fixtures.Log();
        RefCounted handle = allocator.allocateCounted(log.throwing("t", 0, 1), 2, 1, CountMode.ATOMIC);
        number(handle.item(), 0);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, handle::release);
        assertEquals("boom 1", thrown.getMessage());
        assertEquals(1, thrown.getSuppressed().length);
        assertFalse(handle.isLive());
        assertEquals(0, allocator.liveBlockCount());
    }
}
