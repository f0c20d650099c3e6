package dev.cairn.verification;

/**
 * What the harness's throwing destructor throws (DS-4): the operation that ran it must still
 * complete, and then this (the first such failure, later ones suppressed) propagates.
 */
public final class DestructorFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The tag of the element whose destructor threw. */
    private final long tag;

    /**
     * Makes the failure. It has no stack trace, and its message is built only when asked for: a
     * campaign throws tens of thousands of them, one per destroyed element of the throwing type.
     *
     * @param tag the tag of the element whose destructor threw
     */
    public DestructorFailure(long tag) {
        super(null, null, true, false);
        this.tag = tag;
    }

    @Override
    public String getMessage() {
        return "destructor of element tag=" + tag + " threw on purpose (DS-4)";
    }
}
