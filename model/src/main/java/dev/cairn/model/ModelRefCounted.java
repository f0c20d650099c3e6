package dev.cairn.model;

import dev.cairn.CountMode;
import dev.cairn.Destruction;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.fault.Clause;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The reference counted item (RC-1..RC-6), made by {@link ModelGeneralAllocator#allocateCounted}.
 * The count is a {@code JAVA_INT} at offset 0 of the item's native block, the item after it at
 * its effective alignment (RC-1); the handle finds its block through its allocator.
 *
 * <p>Both modes update the count under the allocator's lock, which conserves it under any
 * concurrency (RC-6); a confined handle also rejects other threads. The handle counts its
 * successful retains and releases, so that the allocator's {@code checkCountsConserved} can check
 * {@code count = 1 + retains − releases} (RC-4) after every operation.
 */
public final class ModelRefCounted implements RefCounted {

    private final ModelGeneralAllocator allocator;
    private final Type type;
    private final long elementCount;
    private final CountMode mode;
    private final Thread owner;
    private boolean destroyed;
    private long retains;
    private long releases;

    ModelRefCounted(ModelGeneralAllocator allocator, Type type, long elementCount, CountMode mode, Thread owner) {
        this.allocator = allocator;
        this.type = type;
        this.elementCount = elementCount;
        this.mode = mode;
        this.owner = owner;
    }

    /** Writes the first count, 1 (RC-1), once the block is live. */
    void initialize() {
        writeCount(1);
    }

    @Override
    public MemorySegment item() {
        synchronized (allocator) {
            checkLive("RefCounted.item", Clause.RC_5);
            return allocator.entryOf(this).item();
        }
    }

    @Override
    public void retain() {
        synchronized (allocator) {
            checkLive("RefCounted.retain", Clause.RC_2);
            int count = readCount();
            if (count >= COUNT_MAX) {
                throw ModelFaults.atCountMax(count, type);
            }
            writeCount(count + 1);
            retains++;
            assert allocator.checkInvariants();
        }
    }

    @Override
    public boolean release() {
        synchronized (allocator) {
            checkLive("RefCounted.release", Clause.RC_3);
            int count = readCount() - 1;
            if (count == 0) {
                // The last release frees a block of the allocator: a confined one is its owner's (GA-5).
                ModelFaults.checkThread(allocator.owner(), Clause.GA_5, "RefCounted.release");
            }
            writeCount(count);
            releases++;
            if (count > 0) {
                assert allocator.checkInvariants();
                return false;
            }
            Destruction.rethrow(allocator.release(allocator.entryOf(this), null));
            return true;
        }
    }

    @Override
    public long count() {
        synchronized (allocator) {
            ModelFaults.checkThread(owner, Clause.RC_6, "RefCounted.count");
            return destroyed ? 0 : readCount();
        }
    }

    @Override
    public boolean isLive() {
        synchronized (allocator) {
            ModelFaults.checkThread(owner, Clause.RC_6, "RefCounted.isLive");
            return !destroyed;
        }
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public long elementCount() {
        return elementCount;
    }

    @Override
    public CountMode mode() {
        return mode;
    }

    /** Marks the item destroyed: its block has left the allocator's live list. */
    void markDestroyed() {
        destroyed = true;
    }

    /** {@return the count of a live item, from any thread: for the allocator's state} */
    long liveCount() {
        return readCount();
    }

    /** {@return whether the count is 1 + retains − releases and above zero (RC-4)} */
    boolean isConserved() {
        return !destroyed && readCount() == 1 + retains - releases && readCount() >= 1;
    }

    /** Test hook: sets a live item's count as if {@code count − 1} more retains had succeeded. */
    void forceCount(int count) {
        synchronized (allocator) {
            writeCount(count);
            retains = count - 1 + releases;
        }
    }

    private void checkLive(String what, Clause clause) {
        ModelFaults.checkThread(owner, Clause.RC_6, what);
        if (destroyed) {
            throw ModelFaults.destroyed(clause, what, type.name());
        }
    }

    private int readCount() {
        return allocator.entryOf(this).segment().get(ValueLayout.JAVA_INT, 0);
    }

    private void writeCount(int count) {
        allocator.entryOf(this).segment().set(ValueLayout.JAVA_INT, 0, count);
    }
}
