package dev.cairn.fault;

/**
 * A pop of a block that is not the most recently pushed live block, of a block of an outer frame while an inner frame is open, or the close of a frame that is not the innermost open one.
 *
 * <p>Clauses: SP-4, SP-6. The call that threw it changed nothing.
 */
public final class LifoFault extends IllegalStateException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public LifoFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
