package dev.cairn;

import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AC-1..AC-4. */
class AlignmentContextTest {

    private static final Type LONG = Type.of("long", ValueLayout.JAVA_LONG);

    @Test
    void unboundIsMaxAlign() {
        assertEquals(MaxAlign.BYTE_ALIGNMENT, AlignmentContext.current(), "AC-1");
    }

    @Test
    void innermostBindingWinsAndNestingUnwinds() {
        long[] seen = new long[4];
        AlignmentContext.run(64, () -> {
            seen[0] = AlignmentContext.current();
            AlignmentContext.run(8, () -> seen[1] = AlignmentContext.current());
            seen[2] = AlignmentContext.current();
        });
        seen[3] = AlignmentContext.current();
        assertEquals(64, seen[0], "AC-1 innermost");
        assertEquals(8, seen[1], "AC-2 nested binding");
        assertEquals(64, seen[2], "AC-2 inner binding undone");
        assertEquals(MaxAlign.BYTE_ALIGNMENT, seen[3], "AC-2 outer binding undone");
    }

    @Test
    void bindingIsUndoneWhenTheActionThrows() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> AlignmentContext.run(256, () -> { throw boom; }));
        assertEquals(boom, thrown);
        assertEquals(MaxAlign.BYTE_ALIGNMENT, AlignmentContext.current(), "AC-2 undone after an exception");
    }

    @Test
    void callReturnsTheActionsResult() {
        long inside = AlignmentContext.call(32, AlignmentContext::current);
        assertEquals(32, inside);
    }

    @Test
    void otherThreadsDoNotSeeTheBinding() throws Exception {
        long elsewhere = AlignmentContext.call(128,
                () -> CompletableFuture.supplyAsync(AlignmentContext::current).get());
        assertEquals(MaxAlign.BYTE_ALIGNMENT, elsewhere, "a binding is for the dynamic extent of one thread's action");
    }

    @Test
    void tasksForkedUnderStructuredConcurrencyInheritTheBinding() throws Exception {
        long forked = AlignmentContext.call(512, () -> {
            try (var scope = StructuredTaskScope.open()) {
                Subtask<Long> task = scope.fork(AlignmentContext::current);
                scope.join();
                return task.get();
            }
        });
        assertEquals(512, forked, "AC-2 forks inherit the binding");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -16, 3, 12, 24, 8192, 1L << 40, Long.MIN_VALUE})
    void boundMaximumMustBeAPowerOfTwoUpToTheCeiling(long maximum) {
        AtomicBoolean ran = new AtomicBoolean();
        ArgumentFault fault = assertThrows(ArgumentFault.class, () -> AlignmentContext.run(maximum, () -> ran.set(true)));
        assertEquals(Clause.AC_3, fault.clause());
        assertTrue(fault.getMessage().contains("maxByteAlignment=" + maximum), fault.getMessage());
        assertFalse(ran.get(), "the action does not run");
        assertEquals(MaxAlign.BYTE_ALIGNMENT, AlignmentContext.current(), "no change");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 16, 64, AlignmentContext.CEILING_BYTE_ALIGNMENT})
    void everyPowerOfTwoUpToTheCeilingCanBeBound(long maximum) {
        assertEquals(maximum, AlignmentContext.call(maximum, AlignmentContext::current));
    }

    @Test
    void effectiveAlignmentIsTheLargerOfTypeAndRequest() {
        assertEquals(8, AlignmentContext.effectiveAlignment(LONG, 1), "AC-4 type wins");
        assertEquals(16, AlignmentContext.effectiveAlignment(LONG, 16), "AC-4 request wins");
        assertEquals(64, AlignmentContext.call(64, () -> AlignmentContext.effectiveAlignment(LONG, 64)));
    }

    @Test
    void effectiveAlignmentAboveTheCurrentMaximumIsAnAlignmentFault() {
        AlignmentFault fault = assertThrows(AlignmentFault.class, () -> AlignmentContext.effectiveAlignment(LONG, 32));
        assertEquals(Clause.AC_4, fault.clause());
        assertTrue(fault.getMessage().contains("effectiveAlignment=32"), fault.getMessage());
        Type wide = Type.of("wide", ValueLayout.JAVA_LONG.withByteAlignment(8)).withFreer(Freer.NONE);
        assertThrows(AlignmentFault.class, () -> AlignmentContext.call(4, () -> AlignmentContext.effectiveAlignment(wide, 1)),
                "a type whose own alignment exceeds a smaller bound maximum is refused");
    }

    @Test
    void aBindingBelowMaxAlignRefusesWhatTheDefaultWouldAllow() {
        assertEquals(16, AlignmentContext.effectiveAlignment(LONG, 16), "allowed unbound");
        AlignmentFault fault = assertThrows(AlignmentFault.class,
                () -> AlignmentContext.run(8, () -> AlignmentContext.effectiveAlignment(LONG, 16)));
        assertTrue(fault.getMessage().contains("AlignmentContext.current()=8"), fault.getMessage());
        assertEquals(8, AlignmentContext.call(8, () -> AlignmentContext.effectiveAlignment(LONG, 8)));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -8, 3, 12, 48})
    void requestedAlignmentMustBeAPowerOfTwo(long requested) {
        ArgumentFault fault = assertThrows(ArgumentFault.class, () -> AlignmentContext.effectiveAlignment(LONG, requested));
        assertEquals(Clause.AC_4, fault.clause());
        assertTrue(fault.getMessage().contains("byteAlignment=" + requested + " is not a power of 2"), fault.getMessage());
    }
}
