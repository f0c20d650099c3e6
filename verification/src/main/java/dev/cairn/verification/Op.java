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
    PUSH(World.POOL, 30, Clause.SP_2, Clause.TY_2, Clause.AC_4, Clause.SP_3),
    POP_TOP(World.POOL, 25, Clause.SP_4, Clause.DS_1, Clause.DS_2, Clause.DS_4, Clause.SP_6),
    MARK(World.POOL, 6, Clause.SP_6),
    CLOSE_FRAME(World.POOL, 6, Clause.SP_6, Clause.DS_1, Clause.DS_4),
    PUSH_RAW(World.POOL, 4, Clause.SP_2),
    PUSH_BYTES(World.POOL, 4, Clause.SP_9, Clause.SP_2),
    PUSH_BOUND(World.POOL, 3, Clause.AC_4, Clause.AC_2, Clause.SP_2),
    POOL_CLOSE(World.POOL, 1, Clause.SP_8, Clause.DS_1, Clause.DS_4),
    // ---- general allocator, positive
    ALLOCATE(World.ALLOCATOR, 25, Clause.GA_1, Clause.TY_2, Clause.AC_4),
    FREE(World.ALLOCATOR, 20, Clause.GA_4, Clause.DS_1, Clause.DS_2, Clause.DS_4),
    ALLOCATE_GROWABLE(World.ALLOCATOR, 10, Clause.GA_2, Clause.GA_1),
    RESIZE(World.ALLOCATOR, 12, Clause.GA_3, Clause.DS_1),
    ALLOCATE_BYTES(World.ALLOCATOR, 3, Clause.GA_8, Clause.GA_1),
    ALLOCATE_RAW(World.ALLOCATOR, 3, Clause.GA_1),
    FREE_OTHER_THREAD(World.ALLOCATOR, 1, Clause.GA_5),
    COUNTED(World.ALLOCATOR, 8, Clause.RC_1),
    RETAIN(World.ALLOCATOR, 10, Clause.RC_2, Clause.RC_4),
    RELEASE(World.ALLOCATOR, 12, Clause.RC_3, Clause.RC_4, Clause.DS_1, Clause.DS_4),
    VECTOR_NEW(World.ALLOCATOR, 4, Clause.VE_1),
    VECTOR_APPEND(World.ALLOCATOR, 12, Clause.VE_1, Clause.GA_3),
    VECTOR_REMOVE_LAST(World.ALLOCATOR, 5, Clause.VE_1, Clause.DS_1, Clause.DS_4),
    VECTOR_FREE(World.ALLOCATOR, 2, Clause.VE_1, Clause.DS_1, Clause.DS_5),
    REF_VECTOR_NEW(World.ALLOCATOR, 2, Clause.DS_5, Clause.VE_1),
    REF_VECTOR_APPEND(World.ALLOCATOR, 6, Clause.DS_5, Clause.VE_1),
    ALLOCATOR_CLOSE(World.ALLOCATOR, 1, Clause.GA_6, Clause.DS_1, Clause.DS_4),
    // ---- negative: the contract must reject these with a named fault and no change
    POP_NOT_TOP(World.POOL, 6, Clause.SP_4, Clause.ER_1),
    POP_SLICE(World.POOL, 3, Clause.SP_4, Clause.ER_1),
    CLOSE_OUTER_FRAME(World.POOL, 4, Clause.SP_6, Clause.ER_1),
    PUSH_WRONG_THREAD(World.POOL, 1, Clause.SP_7, Clause.ER_1),
    FREE_TWICE(World.ALLOCATOR, 4, Clause.GA_4, Clause.ER_1),
    FREE_SLICE(World.ALLOCATOR, 3, Clause.GA_4, Clause.ER_1),
    FREE_FOREIGN(World.ALLOCATOR, 3, Clause.GA_4, Clause.ER_1),
    RESIZE_FIXED(World.ALLOCATOR, 4, Clause.GA_3, Clause.ER_1),
    RETAIN_DEAD(World.ALLOCATOR, 3, Clause.RC_2, Clause.ER_1),
    RELEASE_DEAD(World.ALLOCATOR, 3, Clause.RC_3, Clause.ER_1),
    ITEM_DEAD(World.ALLOCATOR, 2, Clause.RC_5, Clause.ER_1),
    VECTOR_GET_OUT_OF_RANGE(World.ALLOCATOR, 2, Clause.VE_1, Clause.ER_1),
    VECTOR_USE_AFTER_FREE(World.ALLOCATOR, 2, Clause.VE_1, Clause.ER_1),
    COUNTED_OTHER_THREAD(World.ALLOCATOR, 1, Clause.RC_6);

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

    /** {@return whether the contract must reject this operation in every state} */
    public boolean isNegative() {
        return ordinal() >= POP_NOT_TOP.ordinal() && this != COUNTED_OTHER_THREAD;
    }
}
