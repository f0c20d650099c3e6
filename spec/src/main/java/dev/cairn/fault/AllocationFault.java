package dev.cairn.fault;

/**
 * Backing memory could not be had from the system (or from the capped memory source a test installed).
 *
 * <p>Clauses: GA-7, SP-1. The call that threw it changed nothing.
 */
public final class AllocationFault extends IllegalStateException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public AllocationFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
