package dev.cairn.fault;

/**
 * A call on a pool, allocator or vector that is closed (or freed).
 *
 * <p>Clauses: GA-6, SP-8, VE-1. The call that threw it changed nothing.
 */
public final class ClosedFault extends IllegalStateException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public ClosedFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
