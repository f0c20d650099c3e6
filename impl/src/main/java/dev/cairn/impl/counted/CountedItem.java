package dev.cairn.impl.counted;

import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.fault.Clause;
import dev.cairn.impl.internal.FieldHandles;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the atomic and the confined handle share: the block, the item slice, and a Java-side
 * liveness flag, so that nothing reads the block once the item is destroyed (RC-5).
 *
 * <p>Invariants ({@link #invariantsHold()}): the item is the slice of the block at the layout's
 * offset, aligned to the effective alignment; while live, {@code 1 <= count <= COUNT_MAX}; once
 * {@link #destroyed} is set it is never cleared and the block is never read again.
 */
abstract sealed class CountedItem implements RefCounted permits AtomicCountedItem, ConfinedCountedItem {

    /** The count's offset in the block. */
    static final long COUNT_OFFSET = CountedLayout.COUNT_BYTE_OFFSET;

    /** The largest count as an {@code int}. */
    static final int COUNT_MAX_INT = (int) COUNT_MAX;

    final GeneralAllocator allocator;
    final MemorySegment block;
    private final MemorySegment item;
    private final Type type;
    private final long elementCount;
    private final CountedLayout layout;

    private static final VarHandle DESTROYED = FieldHandles.field(MethodHandles.lookup(), "destroyed", boolean.class);

    /**
     * Set once, with a volatile write, before the block is freed (by a release or by the
     * allocator's close). Read plainly by the confined handle on its owner thread ({@link
     * #isDestroyedPlain()}), with acquire by the atomic handle ({@link #isDestroyedAcquire()}).
     * A volatile field would make the confined handle pay for ordering it does not need: every
     * read would pin the block's access checks in place (measured: a confined retain and release
     * at 3.0 ns instead of 1.7 ns, {@code RetainReleaseBenchmark.cairnConfined}).
     */
    private boolean destroyed;

    CountedItem(GeneralAllocator allocator, MemorySegment block, Type type, long elementCount, CountedLayout layout) {
        this.allocator = allocator;
        this.block = block;
        this.type = type;
        this.elementCount = elementCount;
        this.layout = layout;
        this.item = block.asSlice(layout.itemByteOffset(), layout.itemByteSize(), layout.effectiveByteAlignment());
    }

    /** Called by the block's destructor: from now on nothing reads the block. */
    final void markDestroyed() {
        DESTROYED.setVolatile(this, true);
    }

    /**
     * {@return whether the item is destroyed, by a plain read} For the confined handle on its
     * owner thread, which either destroyed the item itself or sees a close of the allocator that
     * happened before its call, as for any state a confined object shares.
     */
    final boolean isDestroyedPlain() {
        return destroyed;
    }

    /** {@return whether the item is destroyed, by a read with acquire semantics} For any thread. */
    final boolean isDestroyedAcquire() {
        return (boolean) DESTROYED.getAcquire(this);
    }

    /**
     * Destroys the item after the count reached zero: marks it, then frees the block, which runs
     * the item's destructors (DS-1) and rethrows the first failure after the memory is released
     * (DS-4).
     */
    final void destroy() {
        markDestroyed();
        allocator.free(block);
    }

    /**
     * Destroys the item unless another call already marked it: the one call whose exchange of the
     * liveness flag succeeds frees the block, so destructors run once (DS-1) even when callers
     * that hold no reference race the last release (the atomic handle's counting adds first and
     * checks after, see {@link AtomicCountedItem}).
     *
     * @return {@code true} if this call destroyed the item, {@code false} if it was destroyed already
     */
    final boolean destroyUnlessDestroyed() {
        if (!DESTROYED.compareAndSet(this, false, true)) {
            return false;
        }
        allocator.free(block);
        return true;
    }

    /** {@return the item, without the liveness and thread checks} */
    final MemorySegment itemUnchecked() {
        return item;
    }

    /**
     * {@return the item after the liveness check (RC-5)}
     *
     * @param destroyed the handle's reading of {@link #destroyed}
     * @throws dev.cairn.fault.RefCountFault (RC-5) if the item is destroyed
     */
    final MemorySegment liveItem(boolean destroyed) {
        if (destroyed) {
            throw CountFaults.destroyed(Clause.RC_5, "RefCounted.item", this);
        }
        return item;
    }

    /** {@return the block holding count and item (for tests, which may set the count directly)} */
    final MemorySegment block() {
        return block;
    }

    /** {@return the layout of the block} */
    final CountedLayout layout() {
        return layout;
    }

    /** {@return whether the invariants in the class comment hold; reads the count only while live} */
    final boolean invariantsHold() {
        boolean destroyed = isDestroyedAcquire();
        boolean shape = layout.invariantsHold()
                && item.address() == block.address() + layout.itemByteOffset()
                && item.address() % layout.effectiveByteAlignment() == 0
                && item.byteSize() == layout.itemByteSize();
        if (destroyed) {
            return shape;
        }
        int count = block.get(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET);
        return shape && count >= 1 && count <= COUNT_MAX_INT;
    }

    @Override
    public final Type type() {
        return type;
    }

    @Override
    public final long elementCount() {
        return elementCount;
    }

    @Override
    public String toString() {
        return "RefCounted[type=" + type.name() + ", elementCount=" + elementCount + ", mode=" + mode()
                + ", live=" + !isDestroyedAcquire() + "]";
    }
}
