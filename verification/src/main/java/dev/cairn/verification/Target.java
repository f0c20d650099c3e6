package dev.cairn.verification;

import dev.cairn.GeneralAllocator;
import dev.cairn.StackPool;
import dev.cairn.fault.Clause;

import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Something the harness checks: a factory of stack pools and general allocators reached only
 * through the contract's interfaces, with a declaration of what it cannot do.
 *
 * <p>Invariants, checked by the constructor: a target makes pools or allocators or both; every
 * clause it declares not applicable and every operation it never receives has a reason. An
 * operation in {@link #unsent()} is never sent to the target: it is how an adapter of an allocator
 * that would crash or corrupt the process (a double free on glibc) stays safe (ER-2).
 *
 * @param name          a short name for reports, such as {@code impl} or {@code glibc}
 * @param role          what a violation means
 * @param description   one line: what is adapted and how
 * @param stackPools    makes a pool of the given byte capacity, or {@code null} if the target has none
 * @param allocators    makes a general allocator, or {@code null} if the target has none
 * @param notApplicable clauses the target cannot meet by design, each with the reason
 * @param unsent        operations never sent to the target, each with the reason
 */
public record Target(String name, Role role, String description, LongFunction<StackPool> stackPools,
                     Supplier<GeneralAllocator> allocators, Map<Clause, String> notApplicable,
                     Map<Op, String> unsent) {

    /**
     * A maker of general allocators that takes {@link AllocatorOptions} (confined, memory cap): a
     * target whose {@code allocators} is one runs the chains that ask for them.
     */
    @FunctionalInterface
    public interface Configurable extends Supplier<GeneralAllocator> {
        /**
         * {@return a new allocator made with {@code options}}
         *
         * @param options how to make it
         */
        GeneralAllocator make(AllocatorOptions options);

        /** {@return a new allocator made the default way} */
        @Override
        default GeneralAllocator get() {
            return make(AllocatorOptions.DEFAULT);
        }
    }

    /** What a violation by a target means for the exit status of the conformance command. */
    public enum Role {
        /** The reference model: a violation is a failure. */
        REFERENCE,
        /** Cairn's FFM implementation: a violation is a failure. */
        IMPLEMENTATION,
        /** An allocator nobody here wrote: a violation is a finding, reported. */
        THIRD_PARTY,
        /** A deliberately wrong implementation: a violation is expected. */
        INJECTED;

        /** {@return whether a violation by a target of this role fails the conformance command} */
        public boolean mustConform() {
            return this == REFERENCE || this == IMPLEMENTATION;
        }
    }

    /** Checks the invariants. */
    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(description, "description");
        notApplicable = Map.copyOf(notApplicable);
        unsent = Map.copyOf(unsent);
        if (stackPools == null && allocators == null) {
            throw new IllegalArgumentException("target=" + name + " makes neither pools nor allocators");
        }
    }

    /**
     * {@return whether operations of {@code world} can be sent}
     *
     * @param world pool or allocator
     */
    public boolean has(Op.World world) {
        return world == Op.World.POOL ? stackPools != null : allocators != null;
    }

    /**
     * {@return why {@code clause} does not apply to this target, or {@code null} if it applies}:
     * declared, or because the target has no pool (SP clauses) or no allocator (GA, RC clauses).
     *
     * @param clause a clause
     */
    public String notApplicableReason(Clause clause) {
        String declared = notApplicable.get(clause);
        if (declared != null) {
            return declared;
        }
        String family = clause.id().substring(0, 2);
        if (family.equals("SP") && stackPools == null) {
            return "the target has no stack pool";
        }
        if ((family.equals("GA") || family.equals("RC")) && allocators == null) {
            return "the target has no general allocator";
        }
        return null;
    }

    /** {@return whether this target makes allocators with {@link AllocatorOptions} other than the default} */
    public boolean configurable() {
        return allocators instanceof Configurable;
    }

    /**
     * {@return a new general allocator made with {@code options}, or {@code null} if the target has none}
     *
     * @param options how to make it; anything but the default needs a {@link #configurable()} target
     * @throws IllegalArgumentException if the options are not the default and the target cannot take them
     */
    public GeneralAllocator allocator(AllocatorOptions options) {
        if (allocators instanceof Configurable configurable) {
            return configurable.make(options);
        }
        if (!options.equals(AllocatorOptions.DEFAULT)) {
            throw new IllegalArgumentException("target=" + name + " cannot make allocators with " + options);
        }
        return allocators == null ? null : allocators.get();
    }

    /**
     * {@return whether {@code op} may be sent to this target}
     *
     * @param op the operation
     */
    public boolean accepts(Op op) {
        return has(op.world()) && (!op.needsAllocator() || has(Op.World.ALLOCATOR)) && !unsent.containsKey(op);
    }

    /**
     * {@return a copy whose pools and allocators are {@code wrapper} applied to this target's}:
     * how the tests inject one bug into a correct target.
     *
     * @param newName   the name of the copy
     * @param pools     wraps each pool, or {@code null} to keep them
     * @param wrapAllocators wraps each allocator, or {@code null} to keep them
     */
    public Target wrapped(String newName, java.util.function.UnaryOperator<StackPool> pools,
                          java.util.function.UnaryOperator<GeneralAllocator> wrapAllocators) {
        LongFunction<StackPool> newPools = stackPools == null || pools == null ? stackPools
                : capacity -> pools.apply(stackPools.apply(capacity));
        Supplier<GeneralAllocator> newAllocators = allocators == null || wrapAllocators == null ? allocators
                : (Configurable) options -> wrapAllocators.apply(allocator(options));
        return new Target(newName, Role.INJECTED, description, newPools, newAllocators, notApplicable, unsent);
    }
}
