package dev.cairn.impl.counted;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.fault.Clause;

import java.lang.foreign.MemorySegment;

/**
 * The confined handle (RC-6): plain reads and writes of the count, no atomics, and every call
 * but the accessors of type, element count and mode belongs to the thread that allocated it;
 * from any other thread it throws {@link WrongThreadException} and changes nothing.
 */
final class ConfinedCountedItem extends CountedItem {

    private final Thread owner;

    ConfinedCountedItem(GeneralAllocator allocator, MemorySegment block, Type type, long elementCount,
                        CountedLayout layout) {
        super(allocator, block, type, elementCount, layout);
        this.owner = Thread.currentThread();
        block.set(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET, 1);
    }

    @Override
    public MemorySegment item() {
        checkOwner("RefCounted.item");
        return liveItem(isDestroyedPlain());
    }

    @Override
    public void retain() {
        checkOwner("RefCounted.retain");
        if (isDestroyedPlain()) {
            throw CountFaults.destroyed(Clause.RC_2, "RefCounted.retain", this);
        }
        int current = block.get(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET);
        if (current == COUNT_MAX_INT) {
            throw CountFaults.atMaximum(this);
        }
        block.set(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET, current + 1);
    }

    @Override
    public boolean release() {
        checkOwner("RefCounted.release");
        if (isDestroyedPlain()) {
            throw CountFaults.destroyed(Clause.RC_3, "RefCounted.release", this);
        }
        int current = block.get(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET);
        block.set(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET, current - 1);
        if (current != 1) {
            return false;
        }
        destroy();
        return true;
    }

    @Override
    public long count() {
        checkOwner("RefCounted.count");
        return isDestroyedPlain() ? 0 : block.get(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET);
    }

    @Override
    public boolean isLive() {
        checkOwner("RefCounted.isLive");
        return !isDestroyedPlain();
    }

    @Override
    public CountMode mode() {
        return CountMode.CONFINED;
    }

    /** {@return the thread the item belongs to} */
    Thread owner() {
        return owner;
    }

    private void checkOwner(String operation) {
        if (Thread.currentThread() != owner) {
            throw CountFaults.notOwner(operation, owner);
        }
    }
}
