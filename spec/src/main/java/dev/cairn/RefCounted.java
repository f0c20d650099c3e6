package dev.cairn;

import dev.cairn.fault.RefCountFault;

import java.lang.foreign.MemorySegment;

/**
 * A reference-counted item that owns what it guards, as a mutex owns its data (RC-1..RC-6). The
 * count lives in the same native block as the item, before it, placed so that the item keeps its
 * effective alignment {@code E}; the item is reached only through the handle. The layout is part
 * of the contract, so that implementations agree on it byte for byte:
 *
 * <pre>
 *   offset 0             alignUp(4, E)                                   block end
 *   [ count: int32 | pad ][ item: elementCount x type.byteSize()        ]
 *   block aligned to max(E, 4); block byte size = alignUp(4, E) + elementCount x S
 * </pre>
 *
 * <p>Conservation (RC-4): while the item lives, {@code count() = 1 + successful retains −
 * successful releases}. The release that brings the count to zero runs the destructor on each
 * element (descending index, DS-1), returns the block to its allocator, and is the only call that
 * returns {@code true}. After that every call but {@link #count()}, {@link #isLive()} and the
 * accessors of the type and mode is a {@link RefCountFault}.
 */
public interface RefCounted {

    /** The largest count: a retain at this count is a fault (RC-2). */
    long COUNT_MAX = Integer.MAX_VALUE;

    /**
     * {@return the item (RC-5)}
     *
     * @throws RefCountFault        (RC-5) if the item is destroyed
     * @throws WrongThreadException (RC-6) if confined and called from another thread
     */
    MemorySegment item();

    /**
     * Adds one to the count (RC-2). Call it only while holding a reference: a retain racing the
     * release that destroys the item is a use after free (an implementation may then fail with
     * the fault below, or act on memory already handed out again; see docs/spec.md, RC-2).
     *
     * @throws RefCountFault        (RC-2) if the item is destroyed or the count is {@link #COUNT_MAX}
     * @throws WrongThreadException (RC-6) if confined and called from another thread
     */
    void retain();

    /**
     * Subtracts one from the count (RC-3); at zero, destroys the item and returns its memory.
     *
     * @return {@code true} if and only if this call destroyed the item
     * @throws RefCountFault        (RC-3) if the item is already destroyed
     * @throws WrongThreadException (RC-6) if confined and called from another thread
     */
    boolean release();

    /**
     * {@return the count; 0 once the item is destroyed}
     *
     * @throws WrongThreadException (RC-6) if confined and called from another thread
     */
    long count();

    /**
     * {@return whether the item is still live (count above zero)}
     *
     * @throws WrongThreadException (RC-6) if confined and called from another thread
     */
    boolean isLive();

    /** {@return the item's type} */
    Type type();

    /** {@return the number of elements of the item} */
    long elementCount();

    /** {@return how the count is kept} */
    CountMode mode();
}
