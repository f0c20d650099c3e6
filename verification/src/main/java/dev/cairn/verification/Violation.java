package dev.cairn.verification;

import dev.cairn.fault.Clause;

/**
 * A clause broken at one step of a chain.
 *
 * @param clause      the clause
 * @param step        the index of the action in the chain; the chain's length for the teardown
 * @param byReference whether the reference model broke it (a check of its own failed), rather
 *                    than the target under test
 * @param message     what was seen, in {@code name=value} form
 */
public record Violation(Clause clause, int step, boolean byReference, String message) {

    @Override
    public String toString() {
        return "[" + clause.id() + "] step=" + step + (byReference ? " (reference) " : " ") + message;
    }
}
