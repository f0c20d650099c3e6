package dev.cairn.verification;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.Clause;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chains on confined or memory-capped allocators (GA-5, GA-7), and the GA-7 comparison rule. */
class AllocatorOptionsTest {

    private static final AllocatorOptions CAPPED = new AllocatorOptions(false, 1);

    /** Allocations, a free and a counted item on an allocator whose target memory is one byte. */
    private static final Chain STARVED = new Chain(64, CAPPED, List.of(
            new Action(Op.ALLOCATE, 1, 2, 1, 0),
            new Action(Op.ALLOCATE_BYTES, 0, 40_000, 1, 0),
            new Action(Op.COUNTED, 1, 1, 1, 0),
            new Action(Op.VECTOR_NEW, 1, 4, 1, 0),
            new Action(Op.FREE, 0, 1, 1, 0)));

    @Test
    void optionsReadBackFromTheChainsTextFormAndTheDefaultWritesNoLine() {
        Chain confined = new Chain(64, new AllocatorOptions(true, 1 << 20), STARVED.actions());
        assertEquals(confined, Chain.parse(confined.format()));
        assertTrue(confined.format().contains("allocator=confined memoryByteSizeMax=1048576\n"), confined.format());
        assertEquals(STARVED.withActions(List.of()).format(), "poolByteCapacity=64\nallocator=shared memoryByteSizeMax=1\n");
        assertEquals("poolByteCapacity=64\n", new Chain(64, List.of()).format());
        assertThrows(IllegalArgumentException.class, () -> Chain.parse("poolByteCapacity=64\nallocator=pooled memoryByteSizeMax=1"));
        assertThrows(IllegalArgumentException.class, () -> new AllocatorOptions(false, 0));
    }

    @Test
    void aTargetStarvedOfMemoryFaultsGa7WithNoChangeAndTheReferenceTakesNothing() {
        for (Target target : List.of(Targets.impl(), Targets.model())) {
            Runner.Result result = Runner.replay(target, STARVED);

            assertNull(result.violation(), target.name() + ": " + result.violation());
            assertTrue(result.coverage().faults().getOrDefault("AllocationFault(GA-7)", 0L) >= 1,
                    target.name() + ": " + result.coverage().faults());
        }
    }

    @Test
    void aConfinedAllocatorRefusesTheOtherThreadOnBothSides() {
        Chain chain = new Chain(64, new AllocatorOptions(true, Long.MAX_VALUE), List.of(
                new Action(Op.ALLOCATE, 1, 2, 1, 0),
                new Action(Op.FREE_OTHER_THREAD, 0, 1, 1, 0),
                new Action(Op.FREE, 0, 1, 1, 0)));

        Runner.Result result = Runner.replay(Targets.impl(), chain);

        assertNull(result.violation());
        assertEquals(1L, result.coverage().faults().get("WrongThreadException(GA-5)"));
    }

    @Test
    void theLastReleaseOfAnAtomicItemOffAConfinedAllocatorsThreadIsRefusedAndOnASharedOneDestroysIt() {
        List<Action> actions = List.of(
                new Action(Op.COUNTED, 1, 2, 1, 0),
                new Action(Op.COUNTED_OTHER_THREAD, 0, 2, 1, 0),
                new Action(Op.RELEASE, 0, 1, 1, 0));
        Runner.Result confined = Runner.replay(Targets.impl(), new Chain(64, new AllocatorOptions(true, Long.MAX_VALUE), actions));
        Runner.Result shared = Runner.replay(Targets.impl(), new Chain(64, actions));

        assertNull(confined.violation());
        assertEquals(1L, confined.coverage().faults().get("WrongThreadException(GA-5)"));
        assertEquals(1, confined.coverage().hits(Interesting.COUNT_ONE_TO_ZERO));
        assertNull(shared.violation());
        assertEquals(Map.of(), shared.coverage().faults());
        assertEquals(1, shared.coverage().hits(Interesting.COUNT_ONE_TO_ZERO));
    }

    /** An allocator that takes the memory, then says there was none: GA-7 without "no change". */
    private static final class FaultsAfterAllocating extends ForwardingGeneralAllocator {
        FaultsAfterAllocating(GeneralAllocator delegate) {
            super(delegate);
        }

        @Override
        public MemorySegment allocate(Type type, long count, long byteAlignment) {
            delegate.allocate(type, count, byteAlignment);
            throw new AllocationFault(Clause.GA_7, "byteSize=" + count * type.byteSize() + " could not be allocated");
        }
    }

    @Test
    void anAllocationFaultThatChangedTheTargetIsAViolation() {
        Target wrong = Targets.model().wrapped("faults after allocating", null, FaultsAfterAllocating::new);
        Chain chain = new Chain(64, new AllocatorOptions(false, 1 << 30), List.of(new Action(Op.ALLOCATE, 1, 2, 1, 0)));

        Violation violation = Runner.replay(wrong, chain).violation();

        assertNotNull(violation);
        assertEquals(Clause.ER_1, violation.clause(), violation.toString());
    }
}
