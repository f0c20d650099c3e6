package dev.cairn.reliability;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.Type;
import dev.cairn.fault.Clause;
import dev.cairn.impl.GeneralAllocators;
import dev.cairn.impl.RefCounting;
import dev.cairn.impl.StackPoolOptions;
import dev.cairn.impl.StackPools;
import dev.cairn.model.ModelStackPool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile arguments to the stateless entry points: {@code Type.of}, {@code AlignmentContext.run}
 * and {@code call}, {@code StackPools.allocate} and {@code over}, {@code StackPoolOptions}, {@code
 * GeneralAllocators.builder()}, {@code RefCounting.allocate}. Each call must be refused with the
 * documented exception naming its clause, or make a working object; where the model has the same
 * factory ({@code ModelStackPool.owning}), both must do the same.
 */
class HostileFactoriesTest {

    private static final Choices CHOICES = Choices.seeded(20_261_125L);
    private static final long[] CAPACITIES = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 62) + 1, 1L << 50, 1L << 61,
        1, 7, 4096};
    private static final int[] LIMITS = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, StackPoolOptions.COUNT_MAX_LIMIT + 1,
        1, 16, StackPoolOptions.COUNT_MAX_LIMIT};

    private final Map<String, Long> outcomes = new TreeMap<>();

    private Outcome outcome(Supplier<Object> call) {
        Outcome outcome;
        try {
            Object made = call.get();
            outcome = Outcome.returned(made == null ? "null" : made.getClass().getSimpleName());
            if (made instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (RuntimeException failure) {
            outcome = Outcome.threw(failure);
        } catch (Exception closeFailure) {
            throw new AssertionError(closeFailure);
        }
        outcomes.merge(outcome.value() == null ? outcome.toString() : "returned", 1L, Long::sum);
        return outcome;
    }

    @Test
    void stackPoolFactoriesAgreeWithTheModelOnHostileCapacitiesAndLimits() {
        for (int i = 0; i < 2000; i++) {
            long capacity = CAPACITIES[CHOICES.nextInt(CAPACITIES.length)];
            int blocks = LIMITS[CHOICES.nextInt(LIMITS.length)];
            int frames = LIMITS[CHOICES.nextInt(LIMITS.length)];
            Outcome impl = outcome(() -> StackPools.allocate(capacity, new StackPoolOptions(false, blocks, frames)));
            Outcome model = outcome(() -> ModelStackPool.owning(capacity, blocks, frames));
            assertEquals(model.thrown() + model.clause(), impl.thrown() + impl.clause(),
                    "capacity=" + capacity + " blocks=" + blocks + " frames=" + frames);
        }
        assertTrue(outcomes.keySet().containsAll(List.of("ArgumentFault(SP-1)", "AllocationFault(SP-1)", "returned")),
                outcomes.toString());
    }

    @Test
    void unusableApplicationMemoryIsRefusedWithSp1() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment native64 = arena.allocate(64);
            List<MemorySegment> refused = List.of(MemorySegment.ofArray(new byte[64]), native64.asReadOnly(),
                    MemorySegment.ofArray(new long[8]).asReadOnly());
            for (MemorySegment memory : refused) {
                Outcome outcome = outcome(() -> StackPools.over(memory));
                assertEquals(Clause.SP_1, outcome.clause(), outcome.toString());
            }
            MemorySegment otherThreads = new OtherThreadArena().segment();
            assertEquals(Clause.SP_1, outcome(() -> StackPools.over(otherThreads)).clause());
            assertEquals("NullPointerException", outcome(() -> StackPools.over(null)).thrown());
            assertEquals("returned", outcome(() -> StackPools.over(native64.asSlice(3, 5))).thrown());
        }
    }

    /** Native memory of a confined arena owned by another thread: not accessible here. */
    private static final class OtherThreadArena {
        MemorySegment segment() {
            MemorySegment[] made = new MemorySegment[1];
            try (OtherThread other = new OtherThread()) {
                other.run(() -> made[0] = Arena.ofConfined().allocate(64));
            }
            return made[0];
        }
    }

    @Test
    void typesAlignmentContextsBuildersAndCountedItemsRefuseHostileArguments() {
        List<MemoryLayout> layouts = List.of(MemoryLayout.paddingLayout(3),
                MemoryLayout.structLayout(), MemoryLayout.structLayout(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
                MemoryLayout.sequenceLayout(0, ValueLayout.JAVA_INT), ValueLayout.JAVA_LONG);
        for (MemoryLayout layout : layouts) {
            for (String name : new String[] {"", "  ", "ok"}) {
                Outcome outcome = outcome(() -> Type.of(name, layout));
                boolean valid = !name.isBlank() && layout.byteSize() > 0 && layout.byteSize() % layout.byteAlignment() == 0;
                assertEquals(valid ? "returned" : "ArgumentFault(TY-1)", outcome.value() != null ? "returned"
                        : outcome.toString(), "name=\"" + name + "\" layout=" + layout);
            }
        }
        for (int i = 0; i < 2000; i++) {
            long bound = new HostileArguments(CHOICES).bound();
            Outcome run = outcome(() -> {
                AlignmentContext.run(bound, () -> assertEquals(bound, AlignmentContext.current()));
                return "ran";
            });
            Outcome call = outcome(() -> AlignmentContext.call(bound, AlignmentContext::current));
            boolean valid = AlignmentContext.isPowerOfTwo(bound) && bound <= AlignmentContext.CEILING_BYTE_ALIGNMENT;
            assertEquals(valid ? "returned" : "ArgumentFault(AC-3)", run.value() != null ? "returned" : run.toString());
            assertEquals(run.thrown(), call.thrown());
            long builderMax = CHOICES.nextBoolean() ? CHOICES.nextLong() : CHOICES.nextInt(3) - 1;
            Outcome builder = outcome(() -> GeneralAllocators.builder().memoryByteSizeMax(builderMax));
            assertEquals(builderMax >= 1 ? "returned" : "IllegalArgumentException", builder.thrown());
        }
        try (var heap = GeneralAllocators.shared()) {
            assertEquals("NullPointerException", outcome(() -> RefCounting.allocate(null, Type.BYTE, 1, 1,
                    CountMode.ATOMIC)).thrown());
            assertEquals("NullPointerException", outcome(() -> RefCounting.allocate(heap, null, 1, 1,
                    CountMode.ATOMIC)).thrown());
            assertEquals("NullPointerException", outcome(() -> RefCounting.allocate(heap, Type.BYTE, 1, 1, null)).thrown());
            assertEquals(Clause.TY_2, outcome(() -> RefCounting.allocate(heap, Type.BYTE, 0, 1, CountMode.ATOMIC)).clause());
            assertEquals(Clause.AC_4, outcome(() -> RefCounting.allocate(heap, Type.BYTE, 1, 3, CountMode.ATOMIC)).clause());
            var item = RefCounting.allocate(heap, Type.BYTE, 1, 1, CountMode.CONFINED);
            assertNotNull(item.item());
            assertTrue(item.release());
        }
        System.out.println("hostile factories: outcomes=" + outcomes);
    }
}
