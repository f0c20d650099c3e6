package dev.cairn.impl.counted;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.fault.Clause;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The atomic handle (RC-6): any thread may retain and release. The count is updated in native
 * memory by compare-and-exchange loops, so a retain never resurrects a count of zero or passes
 * {@link #COUNT_MAX} (RC-2), a release never goes below zero (RC-3), and exactly one release, the
 * one whose exchange took the count from 1 to 0, destroys the item and returns {@code true}.
 *
 * <p>Each loop starts from a guess of the count and then expects what the last exchange found,
 * checked first: a retain never exchanges from 0 or {@link #COUNT_MAX}, a release never from 0.
 * A loop retries only after its guess was wrong or another thread's exchange succeeded, so some
 * thread always makes progress (lock-free).
 *
 * <p>If the allocator is confined, the release that would take the count to zero is refused off
 * the allocator's owner thread ({@link WrongThreadException}, GA-5) before the count changes.
 *
 * <p>Not final only so that tests can substitute deliberately broken count updates and show that
 * the concurrency checks catch them; {@link #loadCount()} and {@link #compareAndExchangeCount} are
 * the only methods meant to be overridden.
 */
non-sealed class AtomicCountedItem extends CountedItem {

    private static final VarHandle COUNT = CountedLayout.COUNT_LAYOUT.varHandle().withInvokeExactBehavior();

    /**
     * The count the first exchange of a retain expects: most retains find the count at 1. A wrong
     * guess costs one more exchange, which then expects the count the first one found; and under
     * contention, asking for the cache line for writing at once beats reading it first. The guess
     * is a valid count (not 0, not {@link #COUNT_MAX}), so no check precedes the first exchange.
     */
    private static final int RETAIN_GUESS = 1;

    /**
     * The count the first exchange of a release expects: most releases that do not destroy find
     * it at 2 (the retain-use-release pattern). Taking 2 to 1 never destroys, so no check precedes
     * the first exchange.
     */
    private static final int RELEASE_GUESS = 2;

    private final Thread allocatorOwner;

    AtomicCountedItem(GeneralAllocator allocator, MemorySegment block, Type type, long elementCount,
                      CountedLayout layout) {
        super(allocator, block, type, elementCount, layout);
        this.allocatorOwner = allocator.owner();
        COUNT.setVolatile(block, COUNT_OFFSET, 1);
    }

    @Override
    public MemorySegment item() {
        return liveItem(isDestroyedAcquire());
    }

    @Override
    public void retain() {
        if (isDestroyedAcquire()) {
            throw CountFaults.destroyed(Clause.RC_2, "RefCounted.retain", this);
        }
        int current = RETAIN_GUESS;
        while (true) {
            int witness = compareAndExchangeCount(current, current + 1);
            if (witness == current) {
                return;
            }
            checkRetainable(witness);
            current = witness;
        }
    }

    @Override
    public boolean release() {
        if (isDestroyedAcquire()) {
            throw CountFaults.destroyed(Clause.RC_3, "RefCounted.release", this);
        }
        int current = RELEASE_GUESS;
        while (true) {
            int witness = compareAndExchangeCount(current, current - 1);
            if (witness == current) {
                break;
            }
            checkReleasable(witness);
            current = witness;
        }
        if (current != 1) {
            return false;
        }
        destroy();
        return true;
    }

    private void checkRetainable(int current) {
        if (current == 0) {
            throw CountFaults.destroyed(Clause.RC_2, "RefCounted.retain", this);
        }
        if (current == COUNT_MAX_INT) {
            throw CountFaults.atMaximum(this);
        }
    }

    private void checkReleasable(int current) {
        if (current == 0) {
            throw CountFaults.destroyed(Clause.RC_3, "RefCounted.release", this);
        }
        if (current == 1 && allocatorOwner != null && allocatorOwner != Thread.currentThread()) {
            throw CountFaults.lastReleaseNotOnAllocatorOwner(allocatorOwner);
        }
    }

    /** {@return the count as stored in the block (a volatile read)} */
    int loadCount() {
        return (int) COUNT.getVolatile(block, COUNT_OFFSET);
    }

    /**
     * Sets the count to {@code next} if it is {@code expected}, atomically.
     *
     * @param expected the count seen
     * @param next     the count wanted
     * @return the count found: {@code expected} if and only if the exchange happened
     */
    int compareAndExchangeCount(int expected, int next) {
        return (int) COUNT.compareAndExchange(block, COUNT_OFFSET, expected, next);
    }

    @Override
    public long count() {
        return isDestroyedAcquire() ? 0 : loadCount();
    }

    @Override
    public boolean isLive() {
        return !isDestroyedAcquire();
    }

    @Override
    public CountMode mode() {
        return CountMode.ATOMIC;
    }
}
