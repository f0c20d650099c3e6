package dev.cairn.verification;

import dev.cairn.fault.Clause;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a chain to the reference model and to a target side by side and stops at the first
 * disagreement or failed check. After every action it compares: the outcomes (result, or fault
 * type and clause), each side's own checks (sizes, alignment, zero fill, no overlap, no change
 * after a rejected call), the observable states, and the destructor calls in order. Every
 * {@value #CONTENT_CHECK_PERIOD} steps and at the end it checks that every live block still holds
 * what the harness wrote (ER-2). A chain ends with a teardown: the pool and the allocator are
 * closed, and what their closes destroy is compared too.
 */
public final class Runner {

    /** How often, in steps, the contents of every live block are checked. */
    public static final int CONTENT_CHECK_PERIOD = 16;

    /** Where the actions of a run come from: a fixed chain, or a generator reading the state. */
    interface Source {
        /**
         * {@return the action at {@code index}, or {@code null} at the end}
         *
         * @param index     the index of the next action
         * @param reference the reference side, to read its state
         */
        Action next(int index, Side reference);
    }

    /**
     * The result of a run.
     *
     * @param violation the first violation, or {@code null}
     * @param chain     the actions applied (all of them, or up to the violating one)
     * @param coverage  what the run hit on the reference side
     */
    public record Result(Violation violation, Chain chain, Coverage coverage) {
    }

    private Runner() {
    }

    /**
     * Replays {@code chain} against the reference model and {@code subject}.
     *
     * @param subject the target
     * @param chain   the chain
     * @return the result
     */
    public static Result replay(Target subject, Chain chain) {
        try (OtherThread otherThread = new OtherThread()) {
            return run(Targets.model(), subject, chain, otherThread);
        }
    }

    /**
     * Replays {@code chain} against {@code reference} and {@code subject}.
     *
     * @param reference   the reference
     * @param subject     the target
     * @param chain       the chain
     * @param otherThread the thread for wrong-thread actions
     * @return the result
     */
    public static Result run(Target reference, Target subject, Chain chain, OtherThread otherThread) {
        List<Action> actions = chain.actions();
        return run(reference, subject, chain.poolByteCapacity(), chain.allocator(),
                (index, side) -> index < actions.size() ? actions.get(index) : null, otherThread);
    }

    static Result run(Target reference, Target subject, long poolByteCapacity, AllocatorOptions options, Source source,
                      OtherThread otherThread) {
        Coverage coverage = new Coverage();
        List<Action> applied = new ArrayList<>();
        try (Side expected = new Side(reference, subject, poolByteCapacity, options.uncapped(), otherThread);
             Side actual = new Side(subject, subject, poolByteCapacity, options, otherThread)) {
            Violation violation = null;
            int index = 0;
            for (Action action = source.next(0, expected); action != null && violation == null;
                 action = source.next(++index, expected)) {
                applied.add(action);
                violation = step(action, index, expected, actual, subject, coverage, options.capped());
                if (violation == null && index % CONTENT_CHECK_PERIOD == CONTENT_CHECK_PERIOD - 1) {
                    violation = checkContents(expected, actual);
                }
            }
            if (violation == null) {
                violation = teardown(applied.size(), expected, actual, subject, coverage);
            }
            return new Result(violation, new Chain(poolByteCapacity, options, applied), coverage);
        }
    }

    private static Violation teardown(int index, Side expected, Side actual, Target subject, Coverage coverage) {
        Violation violation = checkContents(expected, actual);
        if (violation == null) {
            violation = step(Action.of(Op.POOL_CLOSE), index, expected, actual, subject, coverage, false);
        }
        if (violation == null) {
            violation = step(Action.of(Op.ALLOCATOR_CLOSE), index, expected, actual, subject, coverage, false);
        }
        return violation;
    }

    private static Violation checkContents(Side expected, Side actual) {
        expected.checkContents();
        actual.checkContents();
        return firstProblem(expected, actual);
    }

    private static Violation step(Action action, int index, Side expected, Side actual, Target subject, Coverage coverage,
                                  boolean capped) {
        if (!subject.accepts(action.op())) {
            return null;
        }
        Outcome want;
        Outcome got;
        if (capped && action.op().allocates()) {
            got = actual.apply(action, index);
            want = outOfMemory(got) ? got : expected.apply(action, index);
        } else {
            want = expected.apply(action, index);
            got = actual.apply(action, index);
        }
        coverage.record(action.op(), want);
        coverage.recordStates(expected.takeNotes());
        actual.takeNotes();
        Violation violation = expected.problem() == null ? null : firstProblem(expected, actual);
        if (violation == null && !want.equals(got)) {
            violation = new Violation(clauseOf(action, want, got), index, false,
                    action.op() + ": reference=" + want + " target=" + got + thrownBy(actual));
        }
        if (violation == null) {
            violation = firstProblem(expected, actual);
        }
        if (violation == null) {
            violation = compareStates(action, index, want, expected, actual);
        }
        if (violation == null) {
            violation = compareEvents(action, index, expected, actual, coverage);
        }
        expected.log.clear();
        actual.log.clear();
        return violation;
    }

    /**
     * {@return whether the capped target rejected an allocating call for want of memory (GA-7)}:
     * then the reference does not take the call (see {@link AllocatorOptions}), and the target's
     * own check of rejected calls has shown that it changed nothing.
     */
    private static boolean outOfMemory(Outcome got) {
        return got.isFault() && got.clause() == Clause.GA_7 && "AllocationFault".equals(got.fault());
    }

    private static Violation compareStates(Action action, int index, Outcome want, Side expected, Side actual) {
        Side.State wantState = expected.observe();
        Side.State gotState = actual.observe();
        if (wantState.equals(gotState)) {
            return null;
        }
        Clause clause = want.isFault() ? Clause.ER_1 : action.op().primaryClause();
        return new Violation(clause, index, false, action.op() + " left state=" + gotState + " but reference state=" + wantState);
    }

    private static Violation compareEvents(Action action, int index, Side expected, Side actual, Coverage coverage) {
        if (expected.log.size() > 0) {
            coverage.recordStates(1 << Interesting.DESTRUCTOR_RAN.ordinal());
        }
        boolean unordered = action.op() == Op.ALLOCATOR_CLOSE;
        boolean same = unordered ? expected.log.sameSetAs(actual.log) : expected.log.sameAs(actual.log);
        if (same) {
            return null;
        }
        return new Violation(Clause.DS_1, index, false, action.op() + " ran destructors on " + actual.log.describe()
                + " but reference on " + expected.log.describe() + (unordered ? " (any order)" : ""));
    }

    private static Violation firstProblem(Side expected, Side actual) {
        Violation own = expected.problem();
        if (own != null) {
            return new Violation(own.clause(), own.step(), true, own.message());
        }
        return actual.problem();
    }

    private static String thrownBy(Side actual) {
        return actual.lastThrown() == null ? "" : " threw \"" + actual.lastThrown() + "\"";
    }

    private static Clause clauseOf(Action action, Outcome want, Outcome got) {
        if (want.isFault() && want.clause() != null) {
            return want.clause();
        }
        return action.op().primaryClause();
    }
}
