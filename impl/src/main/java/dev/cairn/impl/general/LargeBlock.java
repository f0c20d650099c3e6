package dev.cairn.impl.general;

import dev.cairn.Type;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A block too large (or too aligned) for a size class: a region of its own, straight from the
 * {@link NativeMemory}. Its byte size is rounded up to a page, and a growable large block grows in
 * place up to that {@link #capacity}. Its fields are guarded by the allocator's large-block lock.
 */
final class LargeBlock extends Region {

    /** The region's byte size: what the block can grow to in place. */
    final long capacity;

    /** The block's effective alignment. */
    final long byteAlignment;

    /** Whether it came from the growable routine. */
    final boolean growable;

    /** Its type. */
    final Type type;

    /** Where it was allocated, or empty. */
    final List<StackTraceElement> site;

    /** The block's own arena: closing it when the block is freed makes its segments inaccessible. */
    final Arena arena;

    /** Its byte size as allocated or last resized. */
    long byteSize;

    /** Whether it is live (not yet freed). */
    boolean live = true;

    LargeBlock(MemorySegment region, FfmGeneralAllocator allocator, Arena arena, long byteSize, long byteAlignment,
               boolean growable, Type type, List<StackTraceElement> site) {
        super(region, allocator);
        this.arena = arena;
        this.capacity = region.byteSize();
        this.byteSize = byteSize;
        this.byteAlignment = byteAlignment;
        this.growable = growable;
        this.type = type;
        this.site = site;
    }

    /** {@return the block as handed out: the first {@link #byteSize} bytes of the region} */
    MemorySegment block() {
        return segment.asSlice(0, byteSize);
    }
}
