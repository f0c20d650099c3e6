package dev.cairn.verification;

import dev.cairn.fault.Clause;

import java.util.List;

/**
 * The action alphabet of the harness, ordered from simple to complex: positive actions first,
 * then the negative ones (calls the contract must reject with a named fault and no change).
 *
 * <p>Each operation names the object it works on ({@link World}), the clauses it exercises (the
 * first one is the clause a mismatch on it is reported against) and its base weight in generated
 * chains. The shrinker prefers operations earlier in this order.
 */
public enum Op {
    // ---- stack pool, positive
    /** Pushes a zero-filled block. */
    PUSH(World.POOL, 30, Clause.SP_2, Clause.TY_2, Clause.AC_4, Clause.SP_3, Clause.ER_2),
    /** Pops the top block. */
    POP_TOP(World.POOL, 25, Clause.SP_4, Clause.DS_1, Clause.DS_2, Clause.DS_4, Clause.SP_6),
    /** Marks a frame. */
    MARK(World.POOL, 6, Clause.SP_6),
    /** Closes the innermost frame. */
    CLOSE_FRAME(World.POOL, 6, Clause.SP_6, Clause.DS_1, Clause.DS_4),
    /** Pushes a block without zeroing it. */
    PUSH_RAW(World.POOL, 4, Clause.SP_2),
    /** Pushes bytes through the SegmentAllocator method. */
    PUSH_BYTES(World.POOL, 4, Clause.SP_9, Clause.SP_2),
    /** Pushes inside an alignment-context binding ({@code ref} is the bound maximum). */
    PUSH_BOUND(World.POOL, 3, Clause.AC_4, Clause.AC_2, Clause.AC_3, Clause.SP_2),
    /**
     * Pushes elements that each own a block of the general allocator: their destructor frees it
     * through the allocator's freer (DS-3), unless the allocator is closed already.
     */
    PUSH_OWNER(World.POOL, 3, Clause.DS_3, Clause.DS_1, Clause.SP_2),
    /** Closes the pool. */
    POOL_CLOSE(World.POOL, 1, Clause.SP_8, Clause.DS_1, Clause.DS_4, Clause.SP_1),
    // ---- general allocator, positive
    /** Allocates a zero-filled fixed block. */
    ALLOCATE(World.ALLOCATOR, 25, Clause.GA_1, Clause.TY_2, Clause.AC_4, Clause.ER_2),
    /** Frees a live block. */
    FREE(World.ALLOCATOR, 20, Clause.GA_4, Clause.DS_1, Clause.DS_2, Clause.DS_4),
    /** Allocates a growable block. */
    ALLOCATE_GROWABLE(World.ALLOCATOR, 10, Clause.GA_2, Clause.GA_1),
    /** Resizes a growable block. */
    RESIZE(World.ALLOCATOR, 12, Clause.GA_3, Clause.DS_1),
    /** Allocates bytes through the SegmentAllocator method. */
    ALLOCATE_BYTES(World.ALLOCATOR, 3, Clause.GA_8, Clause.GA_1),
    /** Allocates a fixed block without zeroing it. */
    ALLOCATE_RAW(World.ALLOCATOR, 3, Clause.GA_1),
    /** Frees a live block from the second thread. */
    FREE_OTHER_THREAD(World.ALLOCATOR, 1, Clause.GA_5),
    /** Allocates a counted item ({@code ref} even: atomic, odd: confined). */
    COUNTED(World.ALLOCATOR, 8, Clause.RC_1),
    /** Retains a live counted item. */
    RETAIN(World.ALLOCATOR, 10, Clause.RC_2, Clause.RC_4),
    /** Releases a live counted item. */
    RELEASE(World.ALLOCATOR, 12, Clause.RC_3, Clause.RC_4, Clause.DS_1, Clause.DS_4),
    /** Makes a vector of values. */
    VECTOR_NEW(World.ALLOCATOR, 4, Clause.VE_1),
    /** Appends to a vector. */
    VECTOR_APPEND(World.ALLOCATOR, 12, Clause.VE_1, Clause.GA_3),
    /** Removes the last element of a vector. */
    VECTOR_REMOVE_LAST(World.ALLOCATOR, 5, Clause.VE_1, Clause.DS_1, Clause.DS_4),
    /** Frees a vector. */
    VECTOR_FREE(World.ALLOCATOR, 2, Clause.VE_1, Clause.DS_1, Clause.DS_5),
    /** Makes a vector of references whose items the allocator's freer frees. */
    REF_VECTOR_NEW(World.ALLOCATOR, 2, Clause.DS_5, Clause.VE_1),
    /** Allocates an item and appends a reference to it. */
    REF_VECTOR_APPEND(World.ALLOCATOR, 6, Clause.DS_5, Clause.VE_1),
    /** Allocates blocks of C's {@code max_align_t} ({@link dev.cairn.MaxAlign#LAYOUT}). */
    ALLOCATE_MAX_ALIGN(World.ALLOCATOR, 4, Clause.MA_1, Clause.MA_2, Clause.GA_1, Clause.AC_4),
    /**
     * Allocates inside two nested alignment-context bindings: {@code ref} is the inner maximum, the
     * outer one is the ceiling when {@code ref <= 64}, else 32, so the innermost decides (AC-1).
     */
    ALLOCATE_NESTED_BOUND(World.ALLOCATOR, 3, Clause.AC_1, Clause.AC_2, Clause.AC_3, Clause.AC_4),
    /**
     * Allocates blocks of a type made for the action ({@code ref} picks its byte size and
     * alignment, some of them not a type: size 0, or not a multiple of the alignment, TY-1).
     */
    ALLOCATE_NEW_TYPE(World.ALLOCATOR, 3, Clause.TY_1, Clause.TY_2, Clause.GA_1),
    /** Closes the allocator. */
    ALLOCATOR_CLOSE(World.ALLOCATOR, 1, Clause.GA_6, Clause.DS_1, Clause.DS_4),
    // ---- negative: the contract must reject these with a named fault and no change
    /** Pops a live block that is not the top one. */
    POP_NOT_TOP(World.POOL, 6, Clause.SP_4, Clause.ER_1),
    /** Pops a slice of the top block. */
    POP_SLICE(World.POOL, 3, Clause.SP_4, Clause.ER_1),
    /** Closes a frame that is not the innermost open one, or a closed one. */
    CLOSE_OUTER_FRAME(World.POOL, 4, Clause.SP_6, Clause.ER_1),
    /** Pushes from the second thread. */
    PUSH_WRONG_THREAD(World.POOL, 1, Clause.SP_7, Clause.ER_1),
    /**
     * Resizes ({@code ref} even) or frees ({@code ref} odd) a live pool block through the general
     * allocator: no API resizes or frees a pool block (SP-5), so it is a foreign block (GA-4).
     */
    RESIZE_POOL_BLOCK(World.POOL, 3, Clause.SP_5, Clause.GA_4, Clause.ER_1),
    /** Frees a block, then frees it again. */
    FREE_TWICE(World.ALLOCATOR, 4, Clause.GA_4, Clause.ER_1),
    /** Frees a slice of a live block. */
    FREE_SLICE(World.ALLOCATOR, 3, Clause.GA_4, Clause.ER_1, Clause.ER_2),
    /** Frees heap memory or native memory of another arena. */
    FREE_FOREIGN(World.ALLOCATOR, 3, Clause.GA_4, Clause.ER_1, Clause.ER_2),
    /** Resizes a fixed block. */
    RESIZE_FIXED(World.ALLOCATOR, 4, Clause.GA_3, Clause.ER_1),
    /** Retains a destroyed item. */
    RETAIN_DEAD(World.ALLOCATOR, 3, Clause.RC_2, Clause.ER_1),
    /** Releases a destroyed item. */
    RELEASE_DEAD(World.ALLOCATOR, 3, Clause.RC_3, Clause.ER_1),
    /** Reaches the item of a destroyed handle. */
    ITEM_DEAD(World.ALLOCATOR, 2, Clause.RC_5, Clause.ER_1),
    /** Gets the element at the vector's size. */
    VECTOR_GET_OUT_OF_RANGE(World.ALLOCATOR, 2, Clause.VE_1, Clause.ER_1),
    /** Appends to a freed vector. */
    VECTOR_USE_AFTER_FREE(World.ALLOCATOR, 2, Clause.VE_1, Clause.ER_1),
    /**
     * Retains a live item from the second thread, or releases it there when {@code count} is 2
     * (confined item: a fault, RC-6; atomic: fine, except a release to zero of an item of a
     * confined allocator, refused off its thread, GA-5).
     */
    COUNTED_OTHER_THREAD(World.ALLOCATOR, 1, Clause.RC_6),
    /**
     * Retains and releases a live item {@value Side#CONCURRENT_ROUNDS} times on each of two
     * threads at once; the count must come back (atomic), or the second thread is refused (confined).
     */
    COUNTED_CONCURRENT(World.ALLOCATOR, 2, Clause.RC_6, Clause.RC_4);

    /** The object an operation works on. */
    public enum World {
        /** The stack pool of the run. */
        POOL,
        /** The general allocator of the run (and its counted items). */
        ALLOCATOR
    }

    private final World world;
    private final int weight;
    private final List<Clause> clauses;

    Op(World world, int weight, Clause... clauses) {
        this.world = world;
        this.weight = weight;
        this.clauses = List.of(clauses);
    }

    /** {@return the object this operation works on} */
    public World world() {
        return world;
    }

    /** {@return the base weight in generated chains} */
    public int weight() {
        return weight;
    }

    /** {@return the clauses this operation exercises, the primary one first} */
    public List<Clause> clauses() {
        return clauses;
    }

    /** {@return the clause a mismatch on this operation is reported against} */
    public Clause primaryClause() {
        return clauses.getFirst();
    }

    /**
     * {@return whether the operation is one call that may take memory from a general allocator}:
     * in a chain whose target memory is capped, a GA-7 fault on it is compared by the rule of
     * {@link AllocatorOptions}.
     */
    public boolean allocates() {
        return switch (this) {
            case ALLOCATE, ALLOCATE_GROWABLE, RESIZE, ALLOCATE_BYTES, ALLOCATE_RAW, COUNTED, VECTOR_NEW, VECTOR_APPEND,
                 REF_VECTOR_NEW, ALLOCATE_MAX_ALIGN, ALLOCATE_NESTED_BOUND, ALLOCATE_NEW_TYPE -> true;
            default -> false;
        };
    }

    /** {@return whether the operation, though on the pool, needs the general allocator too} */
    public boolean needsAllocator() {
        return this == PUSH_OWNER || this == RESIZE_POOL_BLOCK;
    }

    /** {@return whether the contract must reject this operation in every state} */
    public boolean isNegative() {
        return ordinal() >= POP_NOT_TOP.ordinal() && this != COUNTED_OTHER_THREAD && this != COUNTED_CONCURRENT;
    }
}
