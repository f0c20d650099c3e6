package dev.cairn.bench.counted;

import dev.cairn.RefCounted;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The least an atomic counted handle does per retain and release, as a reference point beside
 * {@code AtomicInteger}: the count in native memory (RC-1 puts it in the item's block), one
 * {@code getAndAdd} per call, and the checks without which a call is not conforming. Before the
 * block is touched, a liveness flag (a destroyed item's block may already hold another block:
 * RC-5); after the add, what it found: a retain that found 0 or {@link RefCounted#COUNT_MAX} and a
 * release that found 0 take their add back and throw (RC-2, RC-3: no change); the release that
 * found 1 claims the flag by an exchange, so that exactly one call destroys (RC-4).
 *
 * <p>It frees nothing (the benchmark's item stays live), builds no fault with a clause, has no
 * confined allocator to consult and no destructor to run, all of which Cairn's atomic handle has.
 * So no conforming atomic handle can be cheaper than this.
 */
final class CheckedCount {

    private static final VarHandle COUNT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();
    private static final VarHandle DESTROYED;
    private static final int COUNT_MAX = (int) RefCounted.COUNT_MAX;

    static {
        try {
            DESTROYED = MethodHandles.lookup().findVarHandle(CheckedCount.class, "destroyed", boolean.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private final MemorySegment block;
    private boolean destroyed;

    /** @param block the native memory of the count, at least 4 bytes aligned to 4; set to 1 */
    CheckedCount(MemorySegment block) {
        this.block = block;
        COUNT.setVolatile(block, 0L, 1);
    }

    /** Adds a reference. @throws IllegalStateException if destroyed or at the maximum, with no change */
    void retain() {
        checkLive();
        int found = (int) COUNT.getAndAdd(block, 0L, 1);
        if (found > 0 && found < COUNT_MAX) {
            return;
        }
        int undone = (int) COUNT.getAndAdd(block, 0L, -1);
        throw new IllegalStateException((found == 0 ? "destroyed" : "atMaximum") + ": count=" + (undone - 1));
    }

    /**
     * Drops a reference.
     *
     * @return whether this call took the count to 0 and so destroyed the item
     * @throws IllegalStateException if destroyed, with no change
     */
    boolean release() {
        checkLive();
        int found = (int) COUNT.getAndAdd(block, 0L, -1);
        if (found > 1) {
            return false;
        }
        if (found == 0) {
            int undone = (int) COUNT.getAndAdd(block, 0L, 1);
            throw new IllegalStateException("destroyed: count=" + (undone + 1));
        }
        if (found < 0) {
            return false; // beyond COUNT_MAX, wrapped, while refused retains take their adds back
        }
        if (!DESTROYED.compareAndSet(this, false, true)) {
            throw new IllegalStateException("destroyed by another call");
        }
        return true;
    }

    /** {@return the count, 0 once destroyed} */
    int count() {
        return (boolean) DESTROYED.getAcquire(this) ? 0 : (int) COUNT.getVolatile(block, 0L);
    }

    private void checkLive() {
        if ((boolean) DESTROYED.getAcquire(this)) {
            throw new IllegalStateException("destroyed");
        }
    }
}
