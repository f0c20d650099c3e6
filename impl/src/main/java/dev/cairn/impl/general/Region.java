package dev.cairn.impl.general;

import java.lang.foreign.MemorySegment;

/**
 * Memory a general allocator got from its {@link NativeMemory}: a {@link Chunk} of pages or one
 * {@link LargeBlock}. Regions start at a multiple of {@link RegionTable#FRAME_BYTE_SIZE}, so no two
 * share a frame of the {@link RegionTable}, which all allocators share: a region names the
 * allocator it belongs to.
 */
abstract sealed class Region permits Chunk, LargeBlock {

    /** The region's segment, in the allocator's arena. */
    final MemorySegment segment;

    /** The region's address. */
    final long base;

    /** The allocator the region belongs to. */
    final FfmGeneralAllocator allocator;

    Region(MemorySegment segment, FfmGeneralAllocator allocator) {
        this.segment = segment;
        this.base = segment.address();
        this.allocator = allocator;
    }
}
