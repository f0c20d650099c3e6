package dev.cairn.impl.counted;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.fault.Clause;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The atomic handle (RC-6): any thread may retain and release. The count is updated in native
 * memory by one atomic add each, {@code getAndAdd}, which a contended cache line serves in one
 * ownership transfer where a compare-and-exchange loop needs a read and retries.
 *
 * <p>An add cannot refuse, so each call adds first and checks what it found after:
 * <ul>
 *   <li>a retain that found the count at 0 (RC-2: destroyed) or at {@link #COUNT_MAX} or beyond
 *       (RC-2: at the maximum) takes its add back and throws; the count is then as before;</li>
 *   <li>a release that found the count at 0 (RC-3) takes its add back and throws; a release that
 *       found it at 1 took it to 0 and is the one that destroys the item and returns {@code true}
 *       (RC-4). The destruction also claims the liveness flag by an exchange, so it runs once
 *       even when callers that hold no reference race the last release (see {@link CountedItems}).</li>
 * </ul>
 * Between an add and its taking back, other threads may find the count one above the real one,
 * and only where the real one is 0 or {@code COUNT_MAX} (beyond {@code COUNT_MAX} the {@code int}
 * wraps negative, which every call reads as beyond the maximum). So the faults are exactly those
 * of RC-2 and RC-3 in any sequential history, and in concurrent ones but for one case, coarser as in every counter built on adds (Netty's {@code ReferenceCountUpdater}
 * too): while one retain is being refused at {@code COUNT_MAX}, a release may take the real count
 * to {@code COUNT_MAX - 1} and a retain that overlaps both still be refused; the count never
 * passes {@code COUNT_MAX} and stays conserved.
 *
 * <p>If the allocator is confined, the release that would take the count to zero is refused off
 * the allocator's owner thread ({@link WrongThreadException}, GA-5) before the count changes: such
 * a handle releases by a compare-and-exchange loop, which can refuse before writing.
 *
 * <p>Not final only so that tests can substitute deliberately broken count updates and show that
 * the concurrency checks catch them, or step through their accesses to shared state: {@link
 * #loadCount()}, {@link #getAndAddCount}, {@link #compareAndExchangeCount} and {@link
 * #claimAndDestroy()} are the only methods meant to be overridden.
 */
non-sealed class AtomicCountedItem extends CountedItem {

    private static final VarHandle COUNT = CountedLayout.COUNT_LAYOUT.varHandle().withInvokeExactBehavior();

    /**
     * The count the first exchange of a confined allocator's release expects: most releases that
     * do not destroy find it at 2 (the retain-use-release pattern). Taking 2 to 1 never destroys,
     * so no check precedes the first exchange.
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
        int found = getAndAddCount(1);
        if (found > 0 && found < COUNT_MAX_INT) {
            return;
        }
        getAndAddCount(-1);
        if (found == 0) {
            throw CountFaults.destroyed(Clause.RC_2, "RefCounted.retain", this);
        }
        throw CountFaults.atMaximum(this);
    }

    @Override
    public boolean release() {
        if (isDestroyedAcquire()) {
            throw CountFaults.destroyed(Clause.RC_3, "RefCounted.release", this);
        }
        if (allocatorOwner != null) {
            return releaseOnConfinedAllocator();
        }
        int found = getAndAddCount(-1);
        if (found != 1) {
            if (found == 0) {
                getAndAddCount(1);
                throw CountFaults.destroyed(Clause.RC_3, "RefCounted.release", this);
            }
            return false;
        }
        if (!claimAndDestroy()) {
            throw CountFaults.destroyed(Clause.RC_3, "RefCounted.release", this);
        }
        return true;
    }

    /** The release of a confined allocator's item: an exchange loop that refuses before writing. */
    private boolean releaseOnConfinedAllocator() {
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

    private void checkReleasable(int current) {
        if (current == 0) {
            throw CountFaults.destroyed(Clause.RC_3, "RefCounted.release", this);
        }
        if (current == 1 && allocatorOwner != Thread.currentThread()) {
            throw CountFaults.lastReleaseNotOnAllocatorOwner(allocatorOwner);
        }
    }

    /**
     * Destroys the item after this call's add took the count from 1 to 0, unless another call
     * destroyed it already (which only callers that hold no reference can bring about).
     *
     * @return {@code true} if this call destroyed the item
     */
    boolean claimAndDestroy() {
        return destroyUnlessDestroyed();
    }

    /** {@return the count as stored in the block (a volatile read)} */
    int loadCount() {
        return (int) COUNT.getVolatile(block, COUNT_OFFSET);
    }

    /**
     * Adds {@code delta} to the count, atomically.
     *
     * @param delta 1 or -1
     * @return the count found before the add
     */
    int getAndAddCount(int delta) {
        return (int) COUNT.getAndAdd(block, COUNT_OFFSET, delta);
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
        if (isDestroyedAcquire()) {
            return 0;
        }
        int count = loadCount();
        return count < 0 ? COUNT_MAX : count;
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
