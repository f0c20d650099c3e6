package dev.cairn.fault;

/**
 * A block that is not a live block of this allocator exactly as it was returned: freed already, a slice, another allocator's block, heap or foreign memory. Detected without reading memory the allocator does not own.
 *
 * <p>Clauses: GA-4 (and every other call that takes a block of a general allocator). The call that threw it changed nothing.
 */
public final class ForeignBlockFault extends IllegalArgumentException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public ForeignBlockFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
