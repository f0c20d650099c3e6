package dev.cairn.impl;

import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;

/**
 * How a stack pool made by {@link StackPools} behaves: its limits and its debug mode.
 *
 * <pre>{@code
 * StackPool pool = StackPools.allocate(64 * 1024, StackPoolOptions.DEFAULT.withDebug(true));
 * }</pre>
 *
 * <p>Invariant, checked when the record is made: both limits are in {@code [1, }{@link
 * #COUNT_MAX_LIMIT}{@code ]}.
 *
 * @param debug         the debug mode: records where each live block was pushed (for the leak
 *                      report), hands out each block scoped to its own arena so that a popped
 *                      block can no longer be accessed, poisons popped bytes with {@link
 *                      #POISON_BYTE}, and rejects a stale block handle on pop. The fast path
 *                      does not pay for it when it is off.
 * @param blockCountMax the largest number of live blocks; a push beyond it is a pool-exhausted
 *                      fault (SP-3)
 * @param frameCountMax the largest number of open frames; a mark beyond it is a pool-exhausted
 *                      fault (SP-3)
 */
public record StackPoolOptions(boolean debug, int blockCountMax, int frameCountMax) {

    /** The largest value either limit may have: 2<sup>24</sup>. */
    public static final int COUNT_MAX_LIMIT = 1 << 24;

    /** The byte the debug mode writes over every popped block. */
    public static final byte POISON_BYTE = (byte) 0xA5;

    /** Debug mode off, at most 65,536 live blocks and 65,536 open frames. */
    public static final StackPoolOptions DEFAULT = new StackPoolOptions(false, 1 << 16, 1 << 16);

    /**
     * Checks the limits.
     *
     * @throws ArgumentFault (SP-1) if a limit is outside {@code [1, COUNT_MAX_LIMIT]}
     */
    public StackPoolOptions {
        checkLimit("blockCountMax", blockCountMax);
        checkLimit("frameCountMax", frameCountMax);
    }

    /**
     * {@return a copy with the debug mode on or off}
     *
     * @param on whether the debug mode is on
     */
    public StackPoolOptions withDebug(boolean on) {
        return new StackPoolOptions(on, blockCountMax, frameCountMax);
    }

    /**
     * {@return a copy with other limits}
     *
     * @param blockCountMaxNew the largest number of live blocks
     * @param frameCountMaxNew the largest number of open frames
     * @throws ArgumentFault (SP-1) if a limit is outside {@code [1, COUNT_MAX_LIMIT]}
     */
    public StackPoolOptions withLimits(int blockCountMaxNew, int frameCountMaxNew) {
        return new StackPoolOptions(debug, blockCountMaxNew, frameCountMaxNew);
    }

    private static void checkLimit(String name, int value) {
        if (value < 1 || value > COUNT_MAX_LIMIT) {
            throw new ArgumentFault(Clause.SP_1, name + "=" + value + " is outside [1, " + COUNT_MAX_LIMIT + "]");
        }
    }
}
