package dev.cairn.reliability;

import dev.cairn.fault.Clause;
import dev.cairn.fault.Fault;

/**
 * What one call did, in a form two implementations can be compared on: it returned a value
 * (described without addresses), or it threw an exception of some class naming some clause (ER-1).
 * Messages are left out: they carry addresses, which differ between the model and the implementation.
 * @param thrown the simple name of the exception's class, or {@code "returned"}
 * @param clause the clause the exception named, or {@code null}
 * @param value  what the call returned, described without addresses, or {@code null}
 */
record Outcome(String thrown, Clause clause, String value) {

    /** {@return the outcome of a call that returned} @param value its description */
    static Outcome returned(Object value) {
        return new Outcome("returned", null, String.valueOf(value));
    }

    /** {@return the outcome of a call that threw} @param failure what it threw */
    static Outcome threw(Throwable failure) {
        return new Outcome(failure.getClass().getSimpleName(), Clause.of(failure).orElse(null), null);
    }

    /**
     * {@return whether the call was rejected: a fault of the contract, or a {@link
     * WrongThreadException} naming its clause}; such a call must have changed nothing (ER-1). A
     * destructor's own exception is not a rejection: the operation completed (DS-4).
     */
    boolean rejected() {
        return clause != null || "NullPointerException".equals(thrown);
    }

    /**
     * {@return whether {@code failure} rejected the call (a fault of the contract, a wrong thread, a
     * null argument) rather than reporting a destructor's failure after the call completed (DS-4)}
     * @param failure what a call threw
     */
    static boolean isRejection(Throwable failure) {
        return failure instanceof Fault || failure instanceof WrongThreadException
                || failure instanceof NullPointerException;
    }

    @Override
    public String toString() {
        return value != null ? "returned " + value : clause == null ? thrown : thrown + "(" + clause.id() + ")";
    }
}
