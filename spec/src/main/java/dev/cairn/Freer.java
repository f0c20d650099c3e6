package dev.cairn;

import java.lang.foreign.MemorySegment;

/**
 * Frees an item held by reference, the {@code *_free()} of the design note (DS-5).
 *
 * <p>A container that owns references to items (a {@link Vector} of {@link
 * Type#referenceTo(Type) references}) calls the item type's freer on each item when the
 * container is freed. For an item from a general allocator the freer is {@link
 * GeneralAllocator#freer()}: it runs the type's destructor, then releases the memory. The default
 * freer, {@link #NONE}, does nothing: the container does not own what its references point to.
 */
@FunctionalInterface
public interface Freer {

    /** The default freer: does nothing. */
    Freer NONE = item -> { };

    /**
     * Frees one item.
     *
     * @param item the item; read from a stored reference it is a zero-length segment that carries
     *             only the item's address
     */
    void free(MemorySegment item);
}
