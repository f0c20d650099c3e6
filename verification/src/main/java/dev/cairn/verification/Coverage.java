package dev.cairn.verification;

import dev.cairn.fault.Clause;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often a campaign hit each operation, each fault and each {@link Interesting} state, as seen
 * on the reference side. A default campaign fails when one of them has zero hits
 * ({@link #missing}).
 */
public final class Coverage {

    /**
     * The faults a default campaign must provoke, as {@code Type(clause)}: one per fault of the
     * contract the harness can reach with a pool and an allocator.
     */
    public static final List<String> EXPECTED_FAULTS = List.of(
            "ArgumentFault(TY-2)", "ArgumentFault(AC-4)", "ArgumentFault(AC-3)", "AlignmentFault(AC-4)",
            "PoolExhaustedFault(SP-3)", "LifoFault(SP-4)", "LifoFault(SP-6)", "ClosedFault(SP-8)",
            "WrongThreadException(SP-7)", "ForeignBlockFault(GA-4)", "FixedSizeFault(GA-3)", "ClosedFault(GA-6)",
            "RefCountFault(RC-2)", "RefCountFault(RC-3)", "RefCountFault(RC-5)", "WrongThreadException(RC-6)",
            "IndexFault(VE-1)", "ClosedFault(VE-1)", "DestructorFailure(DS-4)", "ArgumentFault(TY-1)",
            "AllocationFault(GA-7)", "WrongThreadException(GA-5)");

    private static final Interesting[] INTERESTING = Interesting.values();

    private final long[] ops = new long[Op.values().length];
    private final long[] states = new long[Interesting.values().length];
    /** A fault as counted: what was thrown and the clause it named; its text is {@code Type(clause)}. */
    private record FaultHit(String type, Clause clause) {
        @Override
        public String toString() {
            return type + "(" + clause + ")";
        }
    }

    private final Map<FaultHit, long[]> faults = new HashMap<>();

    /** Makes a coverage with no hits. */
    public Coverage() {
    }

    /**
     * Counts one applied action.
     *
     * @param op its operation
     * @param outcome its outcome on the reference
     */
    void record(Op op, Outcome outcome) {
        if (outcome.skipped()) {
            return;
        }
        ops[op.ordinal()]++;
        if (outcome.isFault()) {
            faults.computeIfAbsent(new FaultHit(outcome.fault(), outcome.clause()), fault -> new long[1])[0]++;
            if ("PoolExhaustedFault".equals(outcome.fault())) {
                states[Interesting.FULL_POOL.ordinal()]++;
            }
        }
    }

    /**
     * Counts the states in {@code notes}.
     *
     * @param notes a bit set by ordinal of {@link Interesting}
     */
    void recordStates(int notes) {
        if (notes == 0) {
            return;
        }
        for (Interesting state : INTERESTING) {
            if ((notes & (1 << state.ordinal())) != 0) {
                states[state.ordinal()]++;
            }
        }
    }

    /**
     * Adds another coverage's counts to this one.
     *
     * @param other the other coverage
     */
    public void add(Coverage other) {
        for (int i = 0; i < ops.length; i++) {
            ops[i] += other.ops[i];
        }
        for (int i = 0; i < states.length; i++) {
            states[i] += other.states[i];
        }
        other.faults.forEach((fault, count) -> faults.computeIfAbsent(fault, key -> new long[1])[0] += count[0]);
    }

    /**
     * {@return the hits of {@code op}}
     *
     * @param op an operation
     */
    public long hits(Op op) {
        return ops[op.ordinal()];
    }

    /** {@return the actions applied and not skipped, over all operations} */
    public long executed() {
        long sum = 0;
        for (long hits : ops) {
            sum += hits;
        }
        return sum;
    }

    /**
     * {@return the hits of {@code state}}
     *
     * @param state an interesting state
     */
    public long hits(Interesting state) {
        return states[state.ordinal()];
    }

    /** {@return the hits per fault, as {@code Type(clause)}} */
    public Map<String, Long> faults() {
        Map<String, Long> byText = new TreeMap<>();
        faults.forEach((fault, count) -> byText.put(fault.toString(), count[0]));
        return Collections.unmodifiableMap(byText);
    }

    /**
     * {@return what had zero hits among the operations {@code target} accepts, the interesting
     * states and the expected faults}
     *
     * @param target the target the campaign ran against
     */
    public List<String> missing(Target target) {
        List<String> missing = new ArrayList<>();
        for (Op op : Op.values()) {
            if (target.accepts(op) && hits(op) == 0) {
                missing.add("op " + op);
            }
        }
        if (target.has(Op.World.POOL) && target.has(Op.World.ALLOCATOR)) {
            for (Interesting state : Interesting.values()) {
                if (hits(state) == 0) {
                    missing.add("state " + state);
                }
            }
            Map<String, Long> hit = faults();
            for (String fault : EXPECTED_FAULTS) {
                if (!hit.containsKey(fault)) {
                    missing.add("fault " + fault);
                }
            }
        }
        return missing;
    }
}
