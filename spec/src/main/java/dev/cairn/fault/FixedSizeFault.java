package dev.cairn.fault;

/**
 * A resize of a block that was not allocated by the growable routine.
 *
 * <p>Clauses: GA-3. The call that threw it changed nothing.
 */
public final class FixedSizeFault extends IllegalArgumentException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public FixedSizeFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
