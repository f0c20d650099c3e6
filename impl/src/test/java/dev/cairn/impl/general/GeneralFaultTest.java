package dev.cairn.impl.general;

import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.FixedSizeFault;
import dev.cairn.fault.ForeignBlockFault;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static dev.cairn.impl.general.GeneralFixture.BYTES;
import static dev.cairn.impl.general.GeneralFixture.LONG;
import static dev.cairn.impl.general.GeneralFixture.assertRejected;
import static dev.cairn.impl.general.GeneralFixture.fill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GA-4 (foreign blocks), GA-3 (fixed blocks), GA-5 (wrong thread) and GA-6 (closed): every fault, no change. */
class GeneralFaultTest {

    /** Every call that takes a block, as a consumer, so that each foreign block is tried on each. */
    private static List<Consumer<MemorySegment>> blockCalls(FfmGeneralAllocator allocator) {
        return List.of(allocator::free, block -> allocator.resize(block, 4), allocator::isGrowable,
                allocator::typeOf, block -> allocator.freer().free(block));
    }

    @Test
    void foreignBlocksAreRejectedByEveryCallWithNoChange() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator; FfmGeneralAllocator other = GeneralFixture.confined(); Arena arena = Arena.ofConfined()) {
                MemorySegment small = allocator.allocateGrowable(LONG, 4);
                MemorySegment large = allocator.allocateGrowable(BYTES, 100_000);
                fill(small, 1);
                fill(large.asSlice(0, 64), 2);
                MemorySegment freed = allocator.allocate(LONG, 2);
                allocator.free(freed);
                MemorySegment freedLarge = allocator.allocate(BYTES, 50_000);
                allocator.free(freedLarge);
                List<MemorySegment> foreign = List.of(
                        freed,                                        // double free
                        freedLarge,                                   // double free of a large block
                        small.asSlice(8),                             // a slice inside
                        small.asSlice(0, 16),                         // a slice at the start, shorter
                        large.asSlice(0, 1000),
                        large.asSlice(65_536),
                        other.allocate(LONG, 4),                      // another allocator's block
                        MemorySegment.ofArray(new long[4]),           // heap memory
                        arena.allocate(32),                           // foreign native memory
                        MemorySegment.ofAddress(small.address() + 32),// a forged address of a never-used slot
                        MemorySegment.ofAddress(small.address()).reinterpret(small.byteSize()), // a forgery of size and address
                        MemorySegment.ofAddress(0x7fff_0000_0000L).reinterpret(64),             // nowhere
                        MemorySegment.ofAddress(-16L).reinterpret(16));                         // beyond 48 bits
                List<MemorySegment> observed = List.of(small, large.asSlice(0, 64));
                for (MemorySegment block : foreign) {
                    for (Consumer<MemorySegment> call : blockCalls(allocator)) {
                        assertRejected(ForeignBlockFault.class, Clause.GA_4, allocator, observed, () -> call.accept(block));
                    }
                }
            }
        }
    }

    @Test
    void resizingAFixedBlockIsAFixedSizeFaultWithNoChange() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            try (allocator) {
                MemorySegment small = allocator.allocate(LONG, 4);
                MemorySegment large = allocator.allocate(BYTES, 70_000);
                fill(small, 5);
                List<MemorySegment> observed = List.of(small, large.asSlice(0, 16));
                assertRejected(FixedSizeFault.class, Clause.GA_3, allocator, observed, () -> allocator.resize(small, 8));
                assertRejected(FixedSizeFault.class, Clause.GA_3, allocator, observed, () -> allocator.resize(small, 2));
                assertRejected(FixedSizeFault.class, Clause.GA_3, allocator, observed, () -> allocator.resize(large, 10));
            }
        }
    }

    @Test
    void aConfinedAllocatorRejectsEveryCallFromAnotherThread() throws Exception {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined()) {
            MemorySegment block = allocator.allocateGrowable(LONG, 2);
            fill(block, 3);
            List<MemorySegment> observed = List.of(block);
            List<Runnable> calls = List.of(() -> allocator.allocate(LONG, 1), () -> allocator.allocate(LONG, 1, 8),
                    () -> allocator.allocateUninitialized(LONG, 1, 8), () -> allocator.allocateGrowable(LONG, 1),
                    () -> allocator.allocateGrowable(LONG, 1, 8), () -> allocator.allocate(8, 8),
                    () -> allocator.free(block), () -> allocator.resize(block, 4), () -> allocator.isGrowable(block),
                    () -> allocator.typeOf(block), () -> allocator.freer().free(block),
                    () -> allocator.newVector(LONG, 2), () -> allocator.allocateCounted(LONG, 1, 1, dev.cairn.CountMode.ATOMIC),
                    allocator::closeAndReport, allocator::close);
            for (Runnable call : calls) {
                assertRejected(WrongThreadException.class, Clause.GA_5, allocator, observed, () -> {
                    try {
                        CompletableFuture.runAsync(call, Thread::startVirtualThread).get();
                    } catch (ExecutionException failure) {
                        throw failure.getCause();
                    }
                });
            }
            assertEquals(Thread.currentThread(), allocator.owner());
        }
    }

    @Test
    void afterCloseEveryCallIsAClosedFaultAndBlocksAreInaccessible() {
        for (FfmGeneralAllocator allocator : GeneralFixture.both()) {
            MemorySegment block = allocator.allocateGrowable(LONG, 2);
            MemorySegment large = allocator.allocate(BYTES, 100_000);
            allocator.close();
            assertTrue(allocator.isClosed());
            List<Runnable> calls = List.of(() -> allocator.allocate(LONG, 1), () -> allocator.allocate(LONG, 1, 8),
                    () -> allocator.allocateUninitialized(LONG, 1, 8), () -> allocator.allocateGrowable(LONG, 1),
                    () -> allocator.allocateGrowable(LONG, 1, 8), () -> allocator.allocate(8, 8),
                    () -> allocator.free(block), () -> allocator.resize(block, 4), () -> allocator.isGrowable(block),
                    () -> allocator.typeOf(block), () -> allocator.freer().free(block),
                    () -> allocator.newVector(LONG, 2), () -> allocator.allocateCounted(LONG, 1, 1, dev.cairn.CountMode.ATOMIC));
            for (Runnable call : calls) {
                assertRejected(ClosedFault.class, Clause.GA_6, allocator, List.of(), call::run);
            }
            assertThrows(IllegalStateException.class, () -> block.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0),
                    "GA-6: segments handed out are no longer accessible");
            assertThrows(IllegalStateException.class, () -> large.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
            assertEquals(dev.cairn.LeakReport.NONE, allocator.closeAndReport(), "closing again reports nothing");
            assertEquals(0, allocator.liveBlockCount());
        }
    }

    /**
     * Forged segments near live blocks (random addresses around them, random sizes) are all
     * rejected with no change: the check reads only the allocator's Java metadata (GA-4, ER-2).
     */
    @Test
    void forgedSegmentsAroundLiveBlocksAreAllRejected() {
        try (FfmGeneralAllocator allocator = GeneralFixture.shared()) {
            java.util.Random random = new java.util.Random(42);
            List<MemorySegment> blocks = new java.util.ArrayList<>();
            for (int index = 0; index < 200; index++) {
                MemorySegment block = allocator.allocate(BYTES, 1 + random.nextInt(index % 20 == 0 ? 50_000 : 200));
                fill(block.asSlice(0, Math.min(block.byteSize(), 32)), index);
                blocks.add(block);
            }
            List<MemorySegment> observed = blocks.stream().map(block -> block.asSlice(0, Math.min(block.byteSize(), 32))).toList();
            GeneralFixture.Snapshot before = GeneralFixture.snapshot(allocator, observed);
            for (int attempt = 0; attempt < 20_000; attempt++) {
                MemorySegment near = blocks.get(random.nextInt(blocks.size()));
                long address = near.address() + random.nextInt(1 << 17) - (1 << 16);
                MemorySegment forged = MemorySegment.ofAddress(address).reinterpret(random.nextInt(300));
                assertThrows(ForeignBlockFault.class, () -> allocator.free(forged));
            }
            assertEquals(before, GeneralFixture.snapshot(allocator, observed));
            assertTrue(allocator.checkInvariants());
        }
    }

    /** Metadata is out of band: bytes written past a block's end corrupt no allocator state. */
    @Test
    void writingPastTheEndOfABlockCorruptsNoMetadata() {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined()) {
            MemorySegment first = allocator.allocate(BYTES, 16);
            MemorySegment second = allocator.allocate(BYTES, 16);
            assertEquals(first.address() + 16, second.address(), "neighbours in one page");
            first.reinterpret(64).fill((byte) 0xFF);
            allocator.free(second);
            allocator.free(first);
            assertEquals(0, allocator.liveBlockCount());
            assertTrue(allocator.checkInvariants());
            assertEquals(16, allocator.allocate(BYTES, 16).byteSize(), "the allocator still works");
        }
    }

    /** docs/spec.md: wrong thread, closed, argument, alignment, block identity (foreign, fixed), memory. */
    @Test
    void whenSeveralFaultsApplyTheOrderOfTheSpecDecides() throws Exception {
        FfmGeneralAllocator allocator = GeneralFixture.confined();
        MemorySegment fixed = allocator.allocate(LONG, 2);
        MemorySegment freed = allocator.allocate(LONG, 2);
        allocator.free(freed);
        List<MemorySegment> observed = List.of(fixed);
        assertRejected(dev.cairn.fault.ArgumentFault.class, Clause.TY_2, allocator, observed,
                () -> allocator.resize(freed, 0));
        assertRejected(dev.cairn.fault.ArgumentFault.class, Clause.TY_2, allocator, observed,
                () -> allocator.resize(fixed, Long.MAX_VALUE));
        assertRejected(dev.cairn.fault.AlignmentFault.class, Clause.AC_4, allocator, observed,
                () -> allocator.allocate(LONG, 1, 64));
        assertRejected(dev.cairn.fault.ArgumentFault.class, Clause.TY_2, allocator, observed,
                () -> allocator.allocate(LONG, 0, 64));
        allocator.close();
        assertRejected(ClosedFault.class, Clause.GA_6, allocator, List.of(), () -> allocator.resize(freed, 0));
        assertRejected(ClosedFault.class, Clause.GA_6, allocator, List.of(), () -> allocator.allocate(LONG, 0, 12));
        assertRejected(WrongThreadException.class, Clause.GA_5, allocator, List.of(), () -> {
            try {
                CompletableFuture.runAsync(() -> allocator.free(freed), Thread::startVirtualThread).get();
            } catch (ExecutionException failure) {
                throw failure.getCause();
            }
        });
    }

    @Test
    void faultsNameTheirValues() {
        try (FfmGeneralAllocator allocator = GeneralFixture.confined()) {
            MemorySegment block = allocator.allocate(LONG, 1);
            allocator.free(block);
            ForeignBlockFault fault = assertThrows(ForeignBlockFault.class, () -> allocator.free(block));
            assertTrue(fault.getMessage().contains("address=0x" + Long.toHexString(block.address())), fault.getMessage());
            assertTrue(fault.getMessage().contains("byteSize=8"), fault.getMessage());
            assertInstanceOf(IllegalArgumentException.class, fault, "ER-1: faults extend the JDK type");
        }
    }
}
