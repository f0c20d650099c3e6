package dev.cairn.impl.counted;

import dev.cairn.Destruction;
import dev.cairn.Destructor;
import dev.cairn.Type;

import java.lang.foreign.MemorySegment;

/**
 * The destructor of a counted item's block, which the allocator sees as one element spanning the
 * whole block. Whoever frees the block (the release that reaches zero, or the allocator's close)
 * runs it exactly once (DS-1): it marks the handle destroyed first, so no call reads the block
 * again, then destroys the item's elements in descending index order (DS-1) and rethrows the
 * first failure after all ran (DS-4).
 */
final class ItemDestructor implements Destructor {

    private final Type type;
    private final long elementCount;
    private final CountedLayout layout;
    private volatile CountedItem handle;

    ItemDestructor(Type type, long elementCount, CountedLayout layout) {
        this.type = type;
        this.elementCount = elementCount;
        this.layout = layout;
    }

    /** Ties the destructor to the handle made for its block: called once, before the handle escapes. */
    void bind(CountedItem counted) {
        this.handle = counted;
    }

    @Override
    public void destroy(MemorySegment block) {
        CountedItem counted = handle;
        if (counted != null) {
            counted.markDestroyed();
        }
        MemorySegment item = block.asSlice(layout.itemByteOffset(), layout.itemByteSize());
        Destruction.rethrow(Destruction.destroyElements(type, item, 0, elementCount, null));
    }
}
