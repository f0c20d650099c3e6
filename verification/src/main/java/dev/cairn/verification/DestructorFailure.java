package dev.cairn.verification;

/**
 * What the harness's throwing destructor throws (DS-4): the operation that ran it must still
 * complete, and then this (the first such failure, later ones suppressed) propagates.
 */
public final class DestructorFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the failure.
     *
     * @param tag the tag of the element whose destructor threw
     */
    public DestructorFailure(long tag) {
        super("destructor of element tag=" + tag + " threw on purpose (DS-4)", null, true, false);
    }
}
