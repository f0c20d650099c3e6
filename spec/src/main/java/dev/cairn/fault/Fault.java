package dev.cairn.fault;

/**
 * A rejected call of Cairn's contract (ER-1). Every fault names the clause it enforces, its
 * message states the offending values in {@code name=value} form, and the call that threw it left
 * the allocator exactly as it was.
 *
 * <p>Each fault type extends the JDK exception a Java programmer would expect for it, so code that
 * catches {@link IllegalArgumentException} or {@link IllegalStateException} keeps working. Calls
 * from the wrong thread throw the JDK's own {@link WrongThreadException} (a final class), whose
 * message starts with the clause id; {@link Clause#of(Throwable)} reads it back.
 */
public sealed interface Fault
        permits AlignmentFault, AllocationFault, ArgumentFault, ClosedFault, FixedSizeFault,
                ForeignBlockFault, IndexFault, LifoFault, PoolExhaustedFault, RefCountFault {

    /** {@return the clause this fault enforces} */
    Clause clause();

    /**
     * Builds the {@link WrongThreadException} that confined pools, allocators and counts throw
     * (SP-7, GA-5, RC-6).
     *
     * @param clause the clause that confines the object
     * @param what   what was called, such as {@code "StackPool.push"}
     * @param owner  the owner thread
     * @return the exception, its message prefixed with the clause id
     */
    static WrongThreadException wrongThread(Clause clause, String what, Thread owner) {
        return new WrongThreadException(clause.format(what + " called from thread="
                + Thread.currentThread().getName() + " but owner=" + owner.getName()));
    }
}
