package dev.cairn.fault;

/**
 * The effective alignment of an allocation (the larger of its type's and the requested alignment) exceeds {@link dev.cairn.AlignmentContext#current()}.
 *
 * <p>Clauses: AC-4. The call that threw it changed nothing.
 */
public final class AlignmentFault extends IllegalArgumentException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public AlignmentFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
