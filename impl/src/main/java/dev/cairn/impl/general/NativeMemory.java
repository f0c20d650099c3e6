package dev.cairn.impl.general;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Where a general allocator gets its regions (chunks of pages and large blocks) from. The default
 * is {@link SystemMemory}; tests install a capped source to show GA-7 (an allocation fault with
 * no change, and the allocator working again once memory is available).
 */
public interface NativeMemory {

    /**
     * Gets a region.
     *
     * @param byteSize      its byte size, at least 1
     * @param byteAlignment its alignment, a power of two
     * @param arena         the arena whose scope the returned segment must have: closing it makes
     *                      every slice of the region inaccessible (GA-6)
     * @return the region, contents unspecified; or {@code null} if the memory cannot be had
     */
    MemorySegment allocate(long byteSize, long byteAlignment, Arena arena);

    /**
     * Gives a region back; called once per region, after its arena closed.
     *
     * @param address  the region's address, as {@link #allocate} returned it
     * @param byteSize its byte size
     */
    void release(long address, long byteSize);
}
