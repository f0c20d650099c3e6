package dev.cairn.reliability;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.impl.GeneralAllocators;
import dev.cairn.impl.StackPoolOptions;
import dev.cairn.impl.StackPools;
import dev.cairn.model.ModelGeneralAllocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Close reports exactly the blocks left live (GA-6, SP-8), for leaks of every kind, and with
 * tracking (debug mode for pools) where each was allocated: the line of this test that allocated it.
 */
class LeakReportTest {

    private static final Type LONG = Type.of("long", ValueLayout.JAVA_LONG);
    private static final Type INT = Type.of("int", ValueLayout.JAVA_INT);

    /** {@return the line of the caller: put it on the line that allocates} */
    private static int here() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow()).getLineNumber();
    }

    /** An expected leak: type name, element count, byte size and the line that allocated it. */
    private record Expected(String typeName, long elementCount, long byteSize, int line) {
    }

    @Test
    void generalAllocatorReportsEveryKindOfLeakExactlyWithItsAllocationLine() {
        GeneralAllocator heap = GeneralAllocators.builder().trackAllocationSites(true).build();
        List<Expected> expected = new ArrayList<>();
        heap.allocate(LONG, 3); expected.add(new Expected("long", 3, 24, here()));
        heap.allocateGrowable(INT, 5); expected.add(new Expected("int", 5, 20, here()));
        MemorySegment grown = heap.allocateGrowable(LONG, 2); int grownLine = here();
        heap.resize(grown, 100);
        expected.add(new Expected("long", 100, 800, grownLine));
        heap.allocate(Type.BYTE, 100_000); expected.add(new Expected("byte", 100_000, 100_000, here()));
        heap.allocate(16, 16); expected.add(new Expected("byte", 16, 16, here()));
        heap.allocateUninitialized(INT, 7, 1); expected.add(new Expected("int", 7, 28, here()));
        heap.allocateCounted(LONG, 2, 16, CountMode.ATOMIC); int countedLine = here();
        Vector vector = heap.newVector(INT, 4); int vectorLine = here();
        vector.append();
        int[] otherLine = new int[1];
        try (OtherThread other = new OtherThread()) {
            other.run(() -> {
                heap.allocate(LONG, 9); otherLine[0] = here();
            });
        }
        expected.add(new Expected("long", 9, 72, otherLine[0]));
        MemorySegment freed = heap.allocate(LONG, 1);
        heap.free(freed);
        long liveByteSize = heap.liveByteSize();
        long liveBlockCount = heap.liveBlockCount();

        LeakReport report = heap.closeAndReport();

        assertEquals(expected.size() + 2, liveBlockCount, "plus the counted item and the vector");
        assertEquals(liveBlockCount, report.blockCount(), report.toString());
        assertEquals(liveByteSize, report.byteSize(), "the report's bytes are the live bytes: " + report);
        Map<Integer, LeakReport.Leak> byLine = byLine(report);
        for (Expected leak : expected) {
            LeakReport.Leak found = byLine.get(leak.line());
            assertTrue(found != null, "no leak reported at line=" + leak.line() + ": " + report);
            assertEquals(leak.typeName(), found.type().name(), found.toString());
            assertEquals(leak.elementCount(), found.elementCount(), found.toString());
            assertEquals(leak.byteSize(), found.byteSize(), found.toString());
        }
        assertTrue(byLine.containsKey(countedLine), "the counted item's line=" + countedLine + ": " + report);
        assertEquals(16 + 16, byLine.get(countedLine).byteSize(), "count padded to the item's alignment, then 2 longs");
        assertTrue(byLine.containsKey(vectorLine), "the vector's line=" + vectorLine + ": " + report);
    }

    /** Each leak by the line of this class that allocated it (its first frame in this class). */
    private static Map<Integer, LeakReport.Leak> byLine(LeakReport report) {
        Map<Integer, LeakReport.Leak> byLine = new TreeMap<>();
        for (LeakReport.Leak leak : report.leaks()) {
            assertFalse(leak.allocationSite().isEmpty(), "tracking records a site: " + leak);
            leak.allocationSite().stream().filter(frame -> frame.getClassName().startsWith(LeakReportTest.class.getName()))
                    .findFirst().ifPresent(frame -> byLine.put(frame.getLineNumber(), leak));
        }
        assertEquals(report.leaks().size(), byLine.size(), "every leak names a distinct line of this test: " + report);
        return byLine;
    }

    @Test
    void stackPoolReportsBlocksInFramesAndOutsideWithTheirPushLines() {
        StackPool pool = StackPools.allocate(1 << 16, StackPoolOptions.DEFAULT.withDebug(true));
        List<Expected> expected = new ArrayList<>();
        pool.push(LONG, 2); expected.add(new Expected("long", 2, 16, here()));
        pool.mark();
        pool.push(INT, 3, 16); expected.add(new Expected("int", 3, 12, here()));
        pool.mark();
        pool.allocate(5, 1); expected.add(new Expected("byte", 5, 5, here()));
        pool.pushUninitialized(LONG, 4, 8); expected.add(new Expected("long", 4, 32, here()));
        MemorySegment popped = pool.push(LONG, 1);
        pool.pop(popped);

        LeakReport report = pool.closeAndReport();

        assertEquals(expected.size(), report.blockCount(), report.toString());
        assertEquals(16 + 12 + 5 + 32, report.byteSize(), report.toString());
        Map<Integer, LeakReport.Leak> byLine = byLine(report);
        for (Expected leak : expected) {
            LeakReport.Leak found = byLine.get(leak.line());
            assertTrue(found != null, "no leak reported at line=" + leak.line() + ": " + report);
            assertEquals(leak.typeName() + " " + leak.elementCount() + " " + leak.byteSize(),
                    found.type().name() + " " + found.elementCount() + " " + found.byteSize());
        }
        assertEquals(expected.reversed().stream().map(Expected::line).toList(), report.leaks().stream()
                .map(leak -> leak.allocationSite().stream().filter(frame -> frame.getClassName()
                        .startsWith(LeakReportTest.class.getName())).findFirst().orElseThrow().getLineNumber()).toList(),
                "a pool reports its leaks in LIFO order (SP-8)");
    }

    @Test
    void withoutTrackingLeaksAreCountedExactlyAndHaveNoSites() {
        GeneralAllocator heap = GeneralAllocators.shared();
        heap.allocate(LONG, 3);
        heap.allocateCounted(INT, 1, 1, CountMode.CONFINED);
        LeakReport report = heap.closeAndReport();
        assertEquals(2, report.blockCount());
        assertEquals(24 + 8, report.byteSize(), report.toString());
        assertTrue(report.leaks().stream().allMatch(leak -> leak.allocationSite().isEmpty()), report.toString());
    }

    /**
     * Regression: a counted item whose item bytes are within TY-2's maximum but whose whole block
     * (count and padding, RC-1) is not: the model went on to its memory limit and said GA-7 (or,
     * without a limit, asked the arena for more than 2^62 bytes); the implementation says TY-2, as
     * RefCounting documents. Found by the hostile-input driver (seed 20261125, step 3773).
     */
    @Test
    void aCountedBlockAboveTheBlockMaximumIsTy2OnModelAndImplementation() {
        for (GeneralAllocator allocator : List.of(ModelGeneralAllocator.shared(), ModelGeneralAllocator.shared(1 << 20),
                GeneralAllocators.shared())) {
            for (long count : new long[] {Type.BLOCK_BYTE_SIZE_MAX, Type.BLOCK_BYTE_SIZE_MAX - 3}) {
                ArgumentFault fault = assertThrows(ArgumentFault.class,
                        () -> allocator.allocateCounted(Type.BYTE, count, 2, CountMode.ATOMIC));
                assertEquals(Clause.TY_2, fault.clause(), allocator.getClass().getSimpleName() + " " + fault.getMessage());
            }
            assertEquals(0, allocator.liveBlockCount());
            allocator.close();
        }
    }

    /**
     * Regression: the model reported a leaked counted item's item bytes, not its whole block, so
     * its report disagreed with its own {@code liveByteSize()} and with the implementation's
     * (found by the hostile-input driver, seed 20261125 step 66637).
     */
    @Test
    void theModelsLeakReportCountsACountedItemsWholeBlockAsLiveByteSizeDoes() {
        ModelGeneralAllocator model = ModelGeneralAllocator.shared();
        GeneralAllocator impl = GeneralAllocators.shared();
        for (GeneralAllocator allocator : List.of(model, impl)) {
            allocator.allocateCounted(LONG, 2, 16, CountMode.ATOMIC);
            allocator.allocate(INT, 3);
            long liveByteSize = allocator.liveByteSize();
            LeakReport report = allocator.closeAndReport();
            assertEquals(16 + 16 + 12, liveByteSize, allocator.getClass().getSimpleName());
            assertEquals(liveByteSize, report.byteSize(), allocator.getClass().getSimpleName() + " " + report);
        }
    }
}
