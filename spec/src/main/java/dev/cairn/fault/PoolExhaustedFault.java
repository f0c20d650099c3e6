package dev.cairn.fault;

/**
 * A push that does not fit in what is left of the pool's memory.
 *
 * <p>Clauses: SP-3. The call that threw it changed nothing.
 */
public final class PoolExhaustedFault extends IllegalStateException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public PoolExhaustedFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
