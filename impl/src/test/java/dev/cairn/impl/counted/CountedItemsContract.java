package dev.cairn.impl.counted;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.Fault;
import dev.cairn.fault.RefCountFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every RC clause and fault of the counted items, in both modes, on the general allocator a
 * subclass names: each fault is shown to leave count, liveness, the allocator and the destructor
 * log exactly as they were.
 */
abstract class CountedItemsContract {

    /** What a rejected call must not change. */
    record Snapshot(long count, boolean live, long liveBlocks, long liveBytes, List<Long> destroyed) {
    }

    private final GeneralAllocator allocator = newAllocator();
    private final List<Long> destroyed = new ArrayList<>();
    /** A long cell whose destructor logs the value it finds (DS-2: memory intact). */
    private final Type cell = Type.of("cell", ValueLayout.JAVA_LONG).withDestructor(e -> destroyed.add(e.get(ValueLayout.JAVA_LONG, 0)));

    /** {@return a fresh shared general allocator} */
    abstract GeneralAllocator newAllocator();

    /** {@return a fresh general allocator confined to the calling thread} */
    abstract GeneralAllocator newConfinedAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private Snapshot snapshot(RefCounted item) {
        return new Snapshot(item.count(), item.isLive(), allocator.liveBlockCount(), allocator.liveByteSize(),
                List.copyOf(destroyed));
    }

    private static void assertFault(Class<? extends Fault> type, Clause clause, Runnable call) {
        RuntimeException thrown = assertThrows(RuntimeException.class, call::run);
        assertInstanceOf(type, thrown, () -> "thrown " + thrown);
        assertEquals(clause, ((Fault) thrown).clause(), thrown.getMessage());
        assertTrue(thrown.getMessage().startsWith("[" + clause.id() + "] "), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("="), "name=value form: " + thrown.getMessage());
    }

    private static void assertNoChange(RefCounted item, Supplier<Snapshot> state, Runnable rejected,
                                       Class<? extends Fault> type, Clause clause) {
        Snapshot before = state.get();
        assertFault(type, clause, rejected);
        assertEquals(before, state.get(), "a rejected call changed the state");
    }

    private static void fill(RefCounted item) {
        MemorySegment cells = item.item();
        for (int index = 0; index < item.elementCount(); index++) {
            cells.setAtIndex(ValueLayout.JAVA_LONG, index, 100 + index);
        }
    }

    // RC-1 ------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void allocateGivesCountOneWithCountInTheSameBlockBeforeAZeroedItem(CountMode mode) {
        RefCounted item = allocator.allocateCounted(cell, 3, 1, mode);
        assertEquals(1, item.count());
        assertTrue(item.isLive());
        assertEquals(mode, item.mode());
        assertSame(cell, item.type());
        assertEquals(3, item.elementCount());
        assertEquals(3 * 8, item.item().byteSize());
        assertEquals(0, item.item().address() % 8);
        for (int index = 0; index < 3; index++) {
            assertEquals(0, item.item().getAtIndex(ValueLayout.JAVA_LONG, index));
        }
        CountedItem counted = (CountedItem) item;
        MemorySegment block = counted.block();
        assertEquals(1, block.get(CountedLayout.COUNT_LAYOUT, CountedLayout.COUNT_BYTE_OFFSET), "count in the block");
        assertEquals(block.address() + 8, item.item().address(), "item right after the count, aligned 8");
        assertEquals(1, allocator.liveBlockCount());
        assertEquals(8 + 3 * 8, allocator.liveByteSize());
        assertTrue(counted.invariantsHold());
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void itemKeepsItsEffectiveAlignmentFromOneToTheCeiling(CountMode mode) {
        Type[] types = {Type.BYTE, Type.of("long", ValueLayout.JAVA_LONG),
            Type.of("wide", MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_LONG).withByteAlignment(32))};
        AlignmentContext.run(AlignmentContext.CEILING_BYTE_ALIGNMENT, () -> {
            for (Type type : types) {
                for (long alignment = 1; alignment <= AlignmentContext.CEILING_BYTE_ALIGNMENT; alignment *= 2) {
                    RefCounted item = allocator.allocateCounted(type, 3, alignment, mode);
                    long effective = Math.max(type.byteAlignment(), alignment);
                    CountedItem counted = (CountedItem) item;
                    assertEquals(0, item.item().address() % effective, type + " alignment=" + alignment);
                    assertEquals(Math.max(4, effective), item.item().address() - counted.block().address(),
                            "the item starts at the first multiple of its alignment after the count");
                    assertTrue(counted.invariantsHold());
                    assertTrue(item.release());
                }
            }
        });
        assertEquals(0, allocator.liveBlockCount());
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void countStaysAlignedWhenTheBoundMaximumIsOne(CountMode mode) {
        AlignmentContext.run(1, () -> {
            RefCounted item = allocator.allocateCounted(Type.BYTE, 5, 1, mode);
            assertEquals(0, ((CountedItem) item).block().address() % 4, "count aligned for atomic access");
            item.retain();
            assertEquals(2, item.count());
            assertFault(AlignmentFault.class, Clause.AC_4, () -> allocator.allocateCounted(Type.BYTE, 5, 2, mode));
            assertFalse(item.release());
            assertTrue(item.release());
        });
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void badArgumentsAreFaultsWithNoChange(CountMode mode) {
        RefCounted other = allocator.allocateCounted(cell, 1, 1, mode);
        Supplier<Snapshot> state = () -> snapshot(other);
        assertNoChange(other, state, () -> allocator.allocateCounted(cell, 0, 1, mode), ArgumentFault.class, Clause.TY_2);
        assertNoChange(other, state, () -> allocator.allocateCounted(cell, Long.MAX_VALUE / 4, 1, mode),
                ArgumentFault.class, Clause.TY_2);
        assertNoChange(other, state, () -> allocator.allocateCounted(Type.BYTE, Type.BLOCK_BYTE_SIZE_MAX, 1, mode),
                ArgumentFault.class, Clause.TY_2);
        assertNoChange(other, state, () -> allocator.allocateCounted(cell, 1, 12, mode), ArgumentFault.class, Clause.AC_4);
        assertNoChange(other, state, () -> allocator.allocateCounted(cell, 1, 32, mode), AlignmentFault.class, Clause.AC_4);
        assertThrows(NullPointerException.class, () -> CountedItems.allocate(allocator, cell, 1, 1, null));
        assertEquals(new Snapshot(1, true, 1, 16, List.of()), state.get());
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void allocatingOnAClosedAllocatorIsAClosedFault(CountMode mode) {
        allocator.close();
        assertFault(ClosedFault.class, Clause.GA_6, () -> allocator.allocateCounted(cell, 1, 1, mode));
        assertEquals(0, allocator.liveBlockCount());
    }

    // RC-2, RC-3 ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void retainAddsOneAndOnlyTheReleaseThatReachesZeroDestroysAndSaysSo(CountMode mode) {
        RefCounted item = allocator.allocateCounted(cell, 3, 1, mode);
        fill(item);
        item.retain();
        item.retain();
        assertEquals(3, item.count());
        assertFalse(item.release());
        assertFalse(item.release());
        assertEquals(1, item.count());
        assertEquals(List.of(), destroyed, "no destructor before zero");
        assertEquals(1, allocator.liveBlockCount());
        assertTrue(item.release());
        assertEquals(List.of(102L, 101L, 100L), destroyed, "once per element, descending, memory intact (DS-1, DS-2)");
        assertEquals(0, item.count());
        assertFalse(item.isLive());
        assertEquals(0, allocator.liveBlockCount(), "memory returned to the allocator");
        assertEquals(0, allocator.liveByteSize());
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void retainOrReleaseOfADestroyedItemIsAFaultWithNoChange(CountMode mode) {
        RefCounted item = allocator.allocateCounted(cell, 2, 1, mode);
        assertTrue(item.release());
        Supplier<Snapshot> state = () -> snapshot(item);
        assertNoChange(item, state, item::retain, RefCountFault.class, Clause.RC_2);
        assertNoChange(item, state, item::release, RefCountFault.class, Clause.RC_3);
        assertEquals(List.of(0L, 0L), destroyed, "destroyed exactly once");
        assertEquals(0, allocator.liveBlockCount(), "freed once, nothing else freed");
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void retainAtTheMaximumCountIsAFaultWithNoChange(CountMode mode) {
        RefCounted item = allocator.allocateCounted(cell, 1, 1, mode);
        MemorySegment block = ((CountedItem) item).block();
        // Stands for COUNT_MAX - 2 successful retains, which would take minutes.
        block.set(CountedLayout.COUNT_LAYOUT, CountedLayout.COUNT_BYTE_OFFSET, (int) RefCounted.COUNT_MAX - 1);
        item.retain();
        assertEquals(RefCounted.COUNT_MAX, item.count());
        assertNoChange(item, () -> snapshot(item), item::retain, RefCountFault.class, Clause.RC_2);
        assertFalse(item.release());
        assertEquals(RefCounted.COUNT_MAX - 1, item.count());
        block.set(CountedLayout.COUNT_LAYOUT, CountedLayout.COUNT_BYTE_OFFSET, 1);
        assertTrue(item.release());
    }

    // RC-4 ------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void countIsConservedOverRandomRetainsAndReleases(CountMode mode) {
        Random random = new Random(8);
        for (int round = 0; round < 200; round++) {
            RefCounted item = allocator.allocateCounted(cell, 1, 1, mode);
            long expected = 1;
            while (expected > 0) {
                if (random.nextInt(100) < 45) {
                    item.retain();
                    expected++;
                } else {
                    boolean destroyedNow = item.release();
                    expected--;
                    assertEquals(expected == 0, destroyedNow, "destroyed exactly when the count reaches zero");
                }
                assertEquals(expected, item.count());
                assertEquals(expected > 0, item.isLive());
            }
            assertEquals(round + 1, destroyed.size(), "each item destroyed once");
        }
        assertEquals(0, allocator.liveBlockCount());
    }

    // RC-5 ------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void reachingADestroyedItemIsAFault(CountMode mode) {
        RefCounted item = allocator.allocateCounted(cell, 1, 1, mode);
        item.item().set(ValueLayout.JAVA_LONG, 0, 7);
        assertTrue(item.release());
        assertNoChange(item, () -> snapshot(item), item::item, RefCountFault.class, Clause.RC_5);
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void closingTheAllocatorDestroysLeakedItemsOnceAndKillsTheirHandles(CountMode mode) {
        RefCounted item = allocator.allocateCounted(cell, 2, 1, mode);
        fill(item);
        item.retain();
        LeakReport report = allocator.closeAndReport();
        assertEquals(1, report.blockCount());
        assertEquals("counted<cell>", report.leaks().getFirst().type().name());
        assertEquals(List.of(101L, 100L), destroyed, "close ran the item's destructors once (DS-1)");
        assertDeadAndRefusing(item);
        assertEquals(2, destroyed.size());
    }

    /**
     * The handle's liveness flag is read plainly by a confined handle: a close of the (shared)
     * allocator on another thread that happened before the owner's next call must still be seen,
     * with every call refused and no change.
     */
    @ParameterizedTest
    @EnumSource(CountMode.class)
    void aCloseOnAnotherThreadKillsTheHandleForItsOwner(CountMode mode) throws Exception {
        RefCounted item = allocator.allocateCounted(cell, 1, 1, mode);
        item.retain();
        item.release();
        Thread closer = Thread.ofPlatform().start(allocator::close);
        closer.join();
        assertTrue(allocator.isClosed());
        assertDeadAndRefusing(item);
    }

    /** Asserts that {@code item} is dead and refuses item, retain and release with no change (RC-5, RC-2, RC-3). */
    private void assertDeadAndRefusing(RefCounted item) {
        assertFalse(item.isLive());
        assertEquals(0, item.count());
        Supplier<Snapshot> state = () -> snapshot(item);
        assertNoChange(item, state, item::item, RefCountFault.class, Clause.RC_5);
        assertNoChange(item, state, item::retain, RefCountFault.class, Clause.RC_2);
        assertNoChange(item, state, item::release, RefCountFault.class, Clause.RC_3);
    }

    // DS-3, DS-4 ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void aDestructorMayFreeAnotherBlockOfTheAllocator(CountMode mode) {
        MemorySegment owned = allocator.allocate(Type.BYTE, 64);
        Type owner = Type.of("owner", ValueLayout.JAVA_LONG).withDestructor(e -> allocator.free(owned));
        RefCounted item = allocator.allocateCounted(owner, 1, 1, mode);
        assertEquals(2, allocator.liveBlockCount());
        assertTrue(item.release());
        assertEquals(0, allocator.liveBlockCount());
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void aThrowingDestructorStillDestroysEveryElementAndReturnsTheMemory(CountMode mode) {
        List<Long> seen = new ArrayList<>();
        Type failing = Type.of("failing", ValueLayout.JAVA_LONG).withDestructor(e -> {
            long value = e.get(ValueLayout.JAVA_LONG, 0);
            seen.add(value);
            if (value != 100) {
                throw new IllegalStateException("destructor failed on value=" + value);
            }
        });
        RefCounted item = allocator.allocateCounted(failing, 3, 1, mode);
        fill(item);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, item::release);
        assertEquals("destructor failed on value=102", thrown.getMessage(), "the first failure propagates");
        assertEquals(1, thrown.getSuppressed().length, "later ones suppressed");
        assertEquals(List.of(102L, 101L, 100L), seen, "every element destroyed, descending");
        assertEquals(0, allocator.liveBlockCount(), "memory released");
        assertFalse(item.isLive());
        assertFault(RefCountFault.class, Clause.RC_3, item::release);
        assertEquals(3, seen.size(), "never destroyed twice");
    }

    // RC-6 ------------------------------------------------------------------------------------

    @Test
    void aConfinedItemRejectsEveryOtherThreadWithNoChange() throws Exception {
        RefCounted item = allocator.allocateCounted(cell, 1, 1, CountMode.CONFINED);
        item.retain();
        Snapshot before = snapshot(item);
        List<Runnable> calls = List.of(item::retain, item::release, item::item, item::count, item::isLive);
        for (Runnable call : calls) {
            Throwable thrown = onOtherThread(call);
            assertInstanceOf(WrongThreadException.class, thrown);
            assertEquals(Clause.RC_6, Clause.of(thrown).orElseThrow(), thrown.getMessage());
        }
        assertEquals(before, snapshot(item));
        assertEquals(cell, onOtherThreadGet(item::type));
        assertFalse(item.release());
        assertTrue(item.release());
    }

    @Test
    void anAtomicItemMayBeRetainedAndReleasedFromAnyThread() throws Exception {
        RefCounted item = allocator.allocateCounted(cell, 1, 1, CountMode.ATOMIC);
        assertEquals(null, onOtherThread(item::retain));
        assertEquals(2, item.count());
        assertEquals(null, onOtherThread(item::release));
        assertEquals(null, onOtherThread(item::release));
        assertFalse(item.isLive());
        assertEquals(List.of(0L), destroyed);
    }

    @Test
    void theLastReleaseOfAnAtomicItemOfAConfinedAllocatorIsRefusedOffItsOwnerWithNoChange() throws Exception {
        try (GeneralAllocator confined = newConfinedAllocator()) {
            RefCounted item = confined.allocateCounted(cell, 1, 1, CountMode.ATOMIC);
            item.retain();
            assertEquals(null, onOtherThread(item::release), "not the last: any thread");
            Throwable thrown = onOtherThread(item::release);
            assertInstanceOf(WrongThreadException.class, thrown);
            assertEquals(Clause.GA_5, Clause.of(thrown).orElseThrow());
            assertEquals(1, item.count());
            assertTrue(item.isLive());
            assertEquals(1, confined.liveBlockCount());
            assertTrue(item.release());
            assertEquals(0, confined.liveBlockCount());
        }
    }

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void allocatingFromAConfinedAllocatorOffItsOwnerIsRefusedWithNoChange(CountMode mode) throws Exception {
        try (GeneralAllocator confined = newConfinedAllocator()) {
            Throwable thrown = onOtherThread(() -> confined.allocateCounted(cell, 1, 1, mode));
            assertInstanceOf(WrongThreadException.class, thrown);
            assertEquals(Clause.GA_5, Clause.of(thrown).orElseThrow(), thrown.getMessage());
            assertEquals(0, confined.liveBlockCount());
            assertEquals(0, confined.liveByteSize());
        }
    }

    private static Throwable onOtherThread(Runnable call) throws Exception {
        try {
            CompletableFuture.runAsync(call, command -> Thread.ofPlatform().start(command)).get();
            return null;
        } catch (ExecutionException failed) {
            return failed.getCause();
        }
    }

    private static <T> T onOtherThreadGet(Supplier<T> call) throws Exception {
        return CompletableFuture.supplyAsync(call, command -> Thread.ofPlatform().start(command)).get();
    }
}
