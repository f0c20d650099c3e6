package dev.cairn.fault;

/**
 * An index outside a vector's elements, or a removal from an empty vector.
 *
 * <p>Clauses: VE-1. The call that threw it changed nothing.
 */
public final class IndexFault extends IndexOutOfBoundsException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public IndexFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
