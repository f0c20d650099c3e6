package dev.cairn.fault;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clauses of Cairn's contract, as numbered in {@code docs/spec.md}. The ids are stable: a
 * clause may be refined but never renumbered.
 *
 * <p>Every fault names the clause it enforces (ER-1): a {@link Fault} through {@link
 * Fault#clause()}, a {@link WrongThreadException} (a final JDK class that cannot carry a field) by
 * the {@code [XX-n]} prefix of its message, which {@link #of(Throwable)} reads back.
 */
public enum Clause {
    /** MaxAlign's layout: the design note's struct, padded as C pads. */
    MA_1,
    /** MaxAlign's byte alignment equals C's {@code _Alignof(max_align_t)}. */
    MA_2,
    /** An unknown platform fails class initialisation; never a guess. */
    MA_3,
    /** The current maximum alignment is the innermost binding, else MaxAlign's. */
    AC_1,
    /** Bindings nest and are undone when their action ends. */
    AC_2,
    /** A bound maximum is a power of two between 1 and the ceiling. */
    AC_3,
    /** Effective alignment is max(type, requested) and must not exceed the current maximum. */
    AC_4,
    /** A type: name, layout with size S &gt; 0 and alignment A, destructor, freer. */
    TY_1,
    /** A block of n elements has n·S bytes; n ≥ 1; no overflow. */
    TY_2,
    /** Destructors run exactly once per element that leaves existence, in the stated order. */
    DS_1,
    /** A destructor sees its element intact. */
    DS_2,
    /** A destructor may call back into a general allocator. */
    DS_3,
    /** A throwing destructor does not stop the operation; the first exception propagates. */
    DS_4,
    /** A freer frees an item held by reference. */
    DS_5,
    /** Allocation: size, effective alignment, zero fill, no overlap. */
    GA_1,
    /** A block is fixed unless it came from the growable routine. */
    GA_2,
    /** Resize: growable blocks only; contents kept, new elements zero, cut elements destroyed. */
    GA_3,
    /** Free takes a live block exactly as returned; anything else is a foreign-block fault. */
    GA_4,
    /** A general allocator may be used from any thread; a confined one only by its owner. */
    GA_5,
    /** Close destroys and releases every live block and reports the leaks. */
    GA_6,
    /** No backing memory: an allocation fault, no change. */
    GA_7,
    /** A general allocator is a {@code SegmentAllocator}. */
    GA_8,
    /** A pool owns its memory or runs on application-supplied memory it never frees. */
    SP_1,
    /** Push: the block at alignUp(top, alignment), zero-filled; offsets are a pure function. */
    SP_2,
    /** A push that does not fit is a pool-exhausted fault. */
    SP_3,
    /** Pop takes the most recently pushed live block; anything else is a LIFO fault. */
    SP_4,
    /** Stack blocks never resize and have no other way to be freed. */
    SP_5,
    /** Frames close innermost first and pop what was pushed since their mark. */
    SP_6,
    /** A pool belongs to its owner thread. */
    SP_7,
    /** Close pops every live block, reports the leaks, then every call is rejected. */
    SP_8,
    /** A stack pool is a {@code SegmentAllocator}. */
    SP_9,
    /** A counted item starts at count 1, the count in the same block, the item aligned. */
    RC_1,
    /** Retain adds one; on a destroyed item or at the maximum it is a fault. */
    RC_2,
    /** Release subtracts one; the release that reaches zero destroys and says so. */
    RC_3,
    /** Conservation: count = 1 + retains − releases; destroyed exactly at zero. */
    RC_4,
    /** Reaching a destroyed item is a fault. */
    RC_5,
    /** Atomic mode conserves under concurrency; confined mode belongs to its owner. */
    RC_6,
    /** The vector: a typed growable array on a growable block. */
    VE_1,
    /** Every rejected call throws a documented fault naming its clause, and changes nothing. */
    ER_1,
    /** No call crashes the JVM or touches memory outside what the allocator owns. */
    ER_2;

    private static final Pattern ID_PREFIX = Pattern.compile("^\\[([A-Z]{2}-[0-9]+)]");

    private final String id = name().replace('_', '-');

    /**
     * {@return this clause's id as written in the specification, such as {@code "SP-4"}}
     */
    public String id() {
        return id;
    }

    /**
     * Finds a clause by its id.
     *
     * @param id a clause id such as {@code "GA-4"}
     * @return the clause
     * @throws IllegalArgumentException if no clause has that id
     */
    public static Clause ofId(String id) {
        for (Clause clause : values()) {
            if (clause.id.equals(id)) {
                return clause;
            }
        }
        throw new IllegalArgumentException("id=" + id + " is not a clause id of Cairn's contract");
    }

    /**
     * The clause a rejected call named: a {@link Fault}'s clause, or the {@code [XX-n]} prefix of
     * any other exception's message (as a {@link WrongThreadException} from Cairn carries it).
     *
     * @param thrown what a call threw
     * @return the clause it names, or empty when it names none
     */
    public static Optional<Clause> of(Throwable thrown) {
        if (thrown instanceof Fault fault) {
            return Optional.of(fault.clause());
        }
        String message = thrown.getMessage();
        if (message == null) {
            return Optional.empty();
        }
        Matcher matcher = ID_PREFIX.matcher(message);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ofId(matcher.group(1)));
        } catch (IllegalArgumentException unknownId) {
            return Optional.empty();
        }
    }

    /**
     * {@return {@code message} prefixed with this clause's id, the form every fault message has}
     *
     * @param message the offending values in {@code name=value} form and what was wrong with them
     */
    public String format(String message) {
        return "[" + id + "] " + message;
    }

    @Override
    public String toString() {
        return id;
    }
}
