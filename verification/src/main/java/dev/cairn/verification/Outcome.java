package dev.cairn.verification;

import dev.cairn.fault.Clause;

import java.util.Objects;

/**
 * What one action did on one side: returned normally with a value, threw (the exception's class
 * and the clause it names), or was skipped because the state offers nothing to act on (an empty
 * stack to pop). Two sides agree on an action when their outcomes are equal.
 *
 * @param fault the simple class name of what was thrown, or {@code null}
 * @param clause the clause the exception names ({@link Clause#of(Throwable)}), or {@code null}
 * @param value  a summary of the result: a top, a count, a byte size; 0 when thrown or skipped
 * @param skipped whether the action was skipped
 */
public record Outcome(String fault, Clause clause, long value, boolean skipped) {

    /** The outcome of a skipped action. */
    public static final Outcome SKIPPED = new Outcome(null, null, 0, true);

    /**
     * {@return a normal outcome}
     *
     * @param value the summary of the result
     */
    public static Outcome ok(long value) {
        return new Outcome(null, null, value, false);
    }

    /**
     * {@return the outcome of a call that threw}
     *
     * @param thrown what it threw
     */
    public static Outcome thrown(Throwable thrown) {
        return new Outcome(thrown.getClass().getSimpleName(), Clause.of(thrown).orElse(null), 0, false);
    }

    /**
     * {@return the outcome of a call that completed but threw a destructor's failure (DS-4)}
     *
     * @param thrown          the first failure
     * @param suppressedCount how many later failures it carries
     */
    public static Outcome thrown(Throwable thrown, long suppressedCount) {
        return new Outcome(thrown.getClass().getSimpleName(), Clause.DS_4, suppressedCount, false);
    }

    /**
     * {@return how many later failures {@code first} carries, counted through the whole
     * suppression tree}: DS-4 asks that every later failure be suppressed into the first, and a
     * destruction that runs another (a counted item's elements inside its block) may hand its own
     * first failure on with its later ones already suppressed into it. The count, not the shape,
     * is what every implementation must agree on.
     *
     * @param first the failure that propagated
     */
    public static long laterFailureCount(Throwable first) {
        long count = 0;
        for (Throwable later : first.getSuppressed()) {
            count += 1 + laterFailureCount(later);
        }
        return count;
    }

    /** {@return whether the call threw} */
    public boolean isFault() {
        return fault != null;
    }

    @Override
    public String toString() {
        if (skipped) {
            return "skipped";
        }
        return isFault() ? fault + "(" + Objects.toString(clause, "no clause") + ")" : "ok(" + value + ")";
    }
}
