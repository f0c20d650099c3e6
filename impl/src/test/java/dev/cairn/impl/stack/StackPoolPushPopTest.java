package dev.cairn.impl.stack;

import dev.cairn.AlignmentContext;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.LifoFault;
import dev.cairn.fault.PoolExhaustedFault;
import dev.cairn.impl.StackPoolOptions;
import dev.cairn.impl.StackPools;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SP-1..SP-5 and SP-9: push, pop, their faults (each with no change), and the memory rules. */
class StackPoolPushPopTest {

    static final Type INT = Type.of("int", JAVA_INT);
    static final Type LONG = Type.of("long", JAVA_LONG);
    static final Type POINT = Type.of("point", MemoryLayout.structLayout(JAVA_LONG, JAVA_LONG));

    @Test
    void pushPlacesBlockAtAlignedTopZeroFilledAndMovesTop() {
        try (PoolFixture fixture = new PoolFixture(1024)) {
            StackPool pool = fixture.pool;
            MemorySegment a = pool.push(Type.BYTE, 3);
            assertEquals(0, fixture.offsetOf(a));
            assertEquals(3, a.byteSize());
            assertEquals(3, pool.top());
            MemorySegment b = pool.push(LONG, 2);
            assertEquals(8, fixture.offsetOf(b), "alignUp(3, 8)");
            assertEquals(16, b.byteSize());
            assertEquals(24, pool.top());
            MemorySegment c = pool.push(INT, 1, 16);
            assertEquals(32, fixture.offsetOf(c), "alignUp(24, max(4, 16))");
            assertEquals(36, pool.top());
            for (MemorySegment block : List.of(a, b, c)) {
                assertTrue(Arrays.equals(new byte[(int) block.byteSize()], block.toArray(JAVA_BYTE)), "zero-filled");
            }
            assertEquals(PoolFixture.FILLER, fixture.memory.get(JAVA_BYTE, 3), "padding is not touched");
            assertEquals(3, pool.liveBlockCount());
        }
    }

    @Test
    void pushUninitializedLeavesTheBytesAsTheyWere() {
        try (PoolFixture fixture = new PoolFixture(256)) {
            MemorySegment raw = fixture.pool.pushUninitialized(LONG, 4, 8);
            byte[] expected = new byte[32];
            Arrays.fill(expected, PoolFixture.FILLER);
            assertArrayEquals(expected, raw.toArray(JAVA_BYTE));
            assertEquals(32, fixture.pool.top());
        }
    }

    @Test
    void popRestoresTopToItsValueBeforeThePushIncludingPadding() {
        try (PoolFixture fixture = new PoolFixture(1024)) {
            StackPool pool = fixture.pool;
            MemorySegment a = pool.push(Type.BYTE, 5);
            MemorySegment b = pool.push(Type.BYTE, 8, 16);
            assertEquals(24, pool.top());
            pool.pop(b);
            assertEquals(5, pool.top());
            assertEquals(1, pool.liveBlockCount());
            pool.pop(a);
            assertEquals(0, pool.top());
            assertEquals(0, pool.liveBlockCount());
        }
    }

    /** SP-2: offsets are a pure function of the pushes and pops, checked against alignUp arithmetic. */
    @Test
    void offsetsFollowFromTheSequenceOfPushesAndPops() {
        long seed = 20261124L;
        Random random = new Random(seed);
        long[] alignments = {1, 2, 4, 8, 16};
        try (PoolFixture fixture = new PoolFixture(1 << 16)) {
            StackPool pool = fixture.pool;
            Deque<MemorySegment> live = new ArrayDeque<>();
            Deque<Long> topsBefore = new ArrayDeque<>();
            long expectedTop = 0;
            for (int step = 0; step < 2_000; step++) {
                if (!live.isEmpty() && random.nextInt(3) == 0) {
                    pool.pop(live.pop());
                    expectedTop = topsBefore.pop();
                } else {
                    long count = 1 + random.nextInt(40);
                    long alignment = alignments[random.nextInt(alignments.length)];
                    long offset = (expectedTop + alignment - 1) & -alignment;
                    if (offset + count > pool.byteCapacity()) {
                        continue;
                    }
                    MemorySegment block = pool.push(Type.BYTE, count, alignment);
                    assertEquals(offset, fixture.offsetOf(block), "seed=" + seed + " step=" + step);
                    topsBefore.push(expectedTop);
                    live.push(block);
                    expectedTop = offset + count;
                }
                assertEquals(expectedTop, pool.top(), "seed=" + seed + " step=" + step);
                assertEquals(live.size(), pool.liveBlockCount());
                ((FfmStackPool) pool).checkInvariants();
            }
            fixture.assertCanariesIntact();
        }
    }

    @Test
    void pushThatDoesNotFitIsPoolExhaustedWithNoChange() {
        try (PoolFixture fixture = new PoolFixture(64)) {
            StackPool pool = fixture.pool;
            MemorySegment first = pool.push(Type.BYTE, 40);
            first.fill((byte) 7);
            fixture.assertRejected(PoolExhaustedFault.class, Clause.SP_3, () -> pool.push(Type.BYTE, 25));
            fixture.assertRejected(PoolExhaustedFault.class, Clause.SP_3, () -> pool.push(LONG, 4));
            fixture.assertRejected(PoolExhaustedFault.class, Clause.SP_3, () -> pool.pushUninitialized(Type.BYTE, 24, 16));
            fixture.assertRejected(PoolExhaustedFault.class, Clause.SP_3, () -> pool.allocate(25, 1));
            MemorySegment exact = pool.push(Type.BYTE, 24);
            assertEquals(64, pool.top(), "an exact fit is accepted");
            fixture.assertRejected(PoolExhaustedFault.class, Clause.SP_3, () -> pool.push(Type.BYTE, 1));
            pool.pop(exact);
        }
    }

    @Test
    void blockAndFrameLimitsArePoolExhaustedWithNoChange() {
        try (PoolFixture fixture = new PoolFixture(4096, StackPoolOptions.DEFAULT.withLimits(20, 18))) {
            StackPool pool = fixture.pool;
            for (int i = 0; i < 20; i++) {
                pool.push(Type.BYTE, 1);
            }
            fixture.assertRejected(PoolExhaustedFault.class, Clause.SP_3, () -> pool.push(Type.BYTE, 1));
            for (int i = 0; i < 18; i++) {
                pool.mark();
            }
            fixture.assertRejected(PoolExhaustedFault.class, Clause.SP_3, pool::mark);
        }
    }

    @Test
    void badCountsAreArgumentFaultsWithNoChange() {
        try (PoolFixture fixture = new PoolFixture(256)) {
            StackPool pool = fixture.pool;
            pool.push(INT, 2);
            fixture.assertRejected(ArgumentFault.class, Clause.TY_2, () -> pool.push(INT, 0));
            fixture.assertRejected(ArgumentFault.class, Clause.TY_2, () -> pool.push(INT, -1, 8));
            fixture.assertRejected(ArgumentFault.class, Clause.TY_2, () -> pool.pushUninitialized(INT, Long.MAX_VALUE / 2, 4));
            fixture.assertRejected(ArgumentFault.class, Clause.SP_9, () -> pool.allocate(0, 1));
            fixture.assertRejected(ArgumentFault.class, Clause.SP_9, () -> pool.allocate(-8, 8));
            // Regression (found by the harness): above the block maximum is TY-2, not an exhausted pool.
            fixture.assertRejected(ArgumentFault.class, Clause.TY_2, () -> pool.allocate(Long.MAX_VALUE, 1));
            fixture.assertRejected(ArgumentFault.class, Clause.TY_2,
                    () -> pool.allocate(dev.cairn.Type.BLOCK_BYTE_SIZE_MAX + 1, 1));
        }
    }

    @Test
    void badAlignmentsAreFaultsWithNoChange() {
        try (PoolFixture fixture = new PoolFixture(4096)) {
            StackPool pool = fixture.pool;
            pool.push(Type.BYTE, 3);
            for (long bad : new long[] {0, -16, 12, 3, Long.MIN_VALUE}) {
                fixture.assertRejected(ArgumentFault.class, Clause.AC_4, () -> pool.push(Type.BYTE, 1, bad));
                fixture.assertRejected(ArgumentFault.class, Clause.AC_4, () -> pool.allocate(1, bad));
            }
            fixture.assertRejected(AlignmentFault.class, Clause.AC_4, () -> pool.push(Type.BYTE, 1, 32));
            Type wide = Type.of("wide", MemoryLayout.sequenceLayout(4, JAVA_LONG).withByteAlignment(32));
            fixture.assertRejected(AlignmentFault.class, Clause.AC_4, () -> pool.push(wide, 1));
            AlignmentContext.run(64, () -> {
                MemorySegment lanes = pool.push(Type.BYTE, 64, 64);
                assertEquals(0, lanes.address() % 64);
                pool.pop(lanes);
            });
            AlignmentContext.run(4, () ->
                    fixture.assertRejected(AlignmentFault.class, Clause.AC_4, () -> pool.push(LONG, 1)));
        }
    }

    @Test
    void popOfAnythingButTheTopBlockIsLifoFaultWithNoChange() {
        try (PoolFixture fixture = new PoolFixture(1024); Arena other = Arena.ofConfined()) {
            StackPool pool = fixture.pool;
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(fixture.memory.asSlice(0, 8)));
            MemorySegment a = pool.push(LONG, 2);
            MemorySegment b = pool.push(LONG, 2);
            b.set(JAVA_LONG, 0, 42);
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(a));
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(b.asSlice(0, 8)));
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(b.asSlice(8)));
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(fixture.memory.asSlice(16, 32)));
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(MemorySegment.ofArray(new long[2])));
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(other.allocate(16)));
            try (StackPool second = StackPools.allocate(64)) {
                MemorySegment foreign = second.push(LONG, 2);
                fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(foreign));
            }
            pool.pop(b);
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(b));
            pool.pop(a);
            fixture.assertRejected(LifoFault.class, Clause.SP_4, () -> pool.pop(a));
        }
    }

    /** SP-5: the API has no way to resize or free a block but pop and frames. */
    @Test
    void theApiOffersNoResizeAndNoOtherFree() {
        List<String> names = new ArrayList<>();
        for (Method method : FfmStackPool.class.getMethods()) {
            names.add(method.getName().toLowerCase(java.util.Locale.ROOT));
        }
        for (String forbidden : List.of("free", "resize", "realloc", "grow", "shrink", "release")) {
            assertFalse(names.stream().anyMatch(name -> name.contains(forbidden)), forbidden + " in " + names);
        }
        assertTrue(names.contains("pop"));
        try (PoolFixture fixture = new PoolFixture(64)) {
            MemorySegment block = fixture.pool.push(INT, 3);
            assertThrows(IndexOutOfBoundsException.class, () -> block.get(JAVA_INT, 12), "a block is fixed at n*S bytes");
        }
    }

    /** SP-9: the pool is a SegmentAllocator; its blocks are bytes popped like any other. */
    @Test
    void segmentAllocatorMethodsPushBlocks() {
        try (PoolFixture fixture = new PoolFixture(1024)) {
            StackPool pool = fixture.pool;
            MemorySegment text = pool.allocateFrom("text");
            assertEquals("text", text.getString(0));
            assertEquals(5, text.byteSize());
            MemorySegment ints = pool.allocate(JAVA_INT, 4);
            assertEquals(16, ints.byteSize());
            assertEquals(0, fixture.offsetOf(ints) % 4);
            assertEquals(0, ints.get(JAVA_INT, 12), "zero-filled");
            MemorySegment longs = pool.allocateFrom(JAVA_LONG, 1, 2, 3);
            assertEquals(3, longs.getAtIndex(JAVA_LONG, 2));
            assertEquals(0, fixture.offsetOf(longs) % 8);
            assertEquals(3, pool.liveBlockCount());
            pool.pop(longs);
            pool.pop(ints);
            pool.pop(text);
            assertEquals(0, pool.top());
        }
    }

    /** SP-1: owned memory is freed at close; application memory is never freed. */
    @Test
    void ownedMemoryIsFreedAtCloseAndApplicationMemoryIsNot() {
        StackPool owned = StackPools.allocate(256);
        assertTrue(owned.ownsMemory());
        assertEquals(256, owned.byteCapacity());
        MemorySegment block = owned.push(LONG, 1);
        assertEquals(0, block.address() % AlignmentContext.CEILING_BYTE_ALIGNMENT, "owned memory is page-aligned");
        owned.close();
        assertThrows(IllegalStateException.class, () -> block.get(JAVA_LONG, 0), "freed with the pool");

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(64);
            StackPool pool = StackPools.over(memory);
            assertFalse(pool.ownsMemory());
            pool.push(LONG, 2).set(JAVA_LONG, 8, 99);
            pool.close();
            assertEquals(99, memory.get(JAVA_LONG, 8), "application memory outlives the pool");
        }
    }

    @Test
    void factoriesRejectUnusableMemoryAndCapacities() {
        for (long capacity : new long[] {0, -1, (1L << 62) + 1, Long.MAX_VALUE}) {
            ArgumentFault fault = assertThrows(ArgumentFault.class, () -> StackPools.allocate(capacity));
            assertEquals(Clause.SP_1, fault.clause());
            assertEquals("[SP-1] byteCapacity=" + capacity + " is outside [1, " + (1L << 62) + "]", fault.getMessage());
        }
        for (long capacity : new long[] {FfmStackPool.BYTE_CAPACITY_MAX + 1, 1L << 62}) {
            AllocationFault fault = assertThrows(AllocationFault.class, () -> StackPools.allocate(capacity));
            assertEquals("[SP-1] byteCapacity=" + capacity + " could not be allocated: this implementation holds"
                    + " at most byteCapacityMax=" + (1L << 50), fault.getMessage());
        }
        assertEquals(Clause.SP_1, assertThrows(ArgumentFault.class,
                () -> StackPools.over(MemorySegment.ofArray(new byte[16]))).clause());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment readOnly = arena.allocate(16).asReadOnly();
            assertEquals(Clause.SP_1, assertThrows(ArgumentFault.class, () -> StackPools.over(readOnly)).clause());
        }
        assertEquals(Clause.SP_1, assertThrows(ArgumentFault.class,
                () -> StackPoolOptions.DEFAULT.withLimits(0, 1)).clause());
        assertEquals(Clause.SP_1, assertThrows(ArgumentFault.class,
                () -> StackPoolOptions.DEFAULT.withLimits(1, StackPoolOptions.COUNT_MAX_LIMIT + 1)).clause());
    }

    /**
     * SP-1: on application memory the pool writes only the bytes it hands out. Random pushes
     * (zeroing and raw) and pops; every byte outside the live blocks still holds what the
     * application wrote, and the margins around the segment hold the canary.
     */
    @Test
    void applicationMemoryIsNeverTouchedOutsideHandedOutBytes() {
        long seed = 77L;
        Random random = new Random(seed);
        try (PoolFixture fixture = new PoolFixture(2048)) {
            StackPool pool = fixture.pool;
            byte[] expected = fixture.memory.toArray(JAVA_BYTE);
            Deque<MemorySegment> live = new ArrayDeque<>();
            for (int step = 0; step < 3_000; step++) {
                if (!live.isEmpty() && random.nextInt(3) == 0) {
                    pool.pop(live.pop());
                } else {
                    long alignment = 1L << random.nextInt(5);
                    long count = 1 + random.nextInt(60);
                    if (((pool.top() + alignment - 1) & -alignment) + count > pool.byteCapacity()) {
                        continue;
                    }
                    boolean zeroed = random.nextBoolean();
                    MemorySegment block = zeroed ? pool.push(Type.BYTE, count, alignment)
                            : pool.pushUninitialized(Type.BYTE, count, alignment);
                    int offset = (int) fixture.offsetOf(block);
                    if (zeroed) {
                        Arrays.fill(expected, offset, offset + (int) count, (byte) 0);
                    }
                    byte mark = (byte) random.nextInt();
                    block.fill(mark);
                    Arrays.fill(expected, offset, offset + (int) count, mark);
                    live.push(block);
                }
                assertArrayEquals(expected, fixture.memory.toArray(JAVA_BYTE), "seed=" + seed + " step=" + step);
                fixture.assertCanariesIntact();
            }
        }
    }
}
