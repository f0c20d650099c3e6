package dev.cairn.fault;

/**
 * A retain or release of a destroyed item, a retain at the maximum count, or a reach through a handle whose item is destroyed.
 *
 * <p>Clauses: RC-2, RC-3, RC-5. The call that threw it changed nothing.
 */
public final class RefCountFault extends IllegalStateException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public RefCountFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
