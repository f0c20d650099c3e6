package dev.cairn.fault;

/**
 * An argument outside its documented range: a count below 1, a byte size that overflows, an alignment that is not a power of two or is above the ceiling, a malformed type.
 *
 * <p>Clauses: TY-1, TY-2, AC-3, AC-4 (a requested alignment that is not a power of two), GA-8, SP-9, and any other argument outside its documented range. The call that threw it changed nothing.
 */
public final class ArgumentFault extends IllegalArgumentException implements Fault {
    private static final long serialVersionUID = 1L;

    private final transient Clause clause;

    /**
     * Creates the fault.
     *
     * @param clause  the clause enforced
     * @param message the offending values in {@code name=value} form; the clause id is prefixed
     */
    public ArgumentFault(Clause clause, String message) {
        super(clause.format(message));
        this.clause = clause;
    }

    @Override
    public Clause clause() {
        return clause;
    }
}
