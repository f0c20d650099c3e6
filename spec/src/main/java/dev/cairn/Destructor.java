package dev.cairn;

import java.lang.foreign.MemorySegment;

/**
 * Destructs what one element uses, the {@code *_destroy()} of the design note (DS-1..DS-4).
 *
 * <p>It runs exactly once on every element that leaves existence: when its block is popped,
 * freed, shrunk past it, released for the last time, or still live when its pool or allocator is
 * closed. It sees the element's memory intact (DS-2) and may call back into a general allocator,
 * for example to free a block the element points to (DS-3). It must not pop, free or resize the
 * block it is destroying. If it throws, the operation still completes and the first exception
 * propagates after it, later ones suppressed (DS-4).
 */
@FunctionalInterface
public interface Destructor {

    /**
     * Destructs one element.
     *
     * @param element the element's memory: exactly {@link Type#byteSize()} bytes, aligned as the
     *                block it belongs to
     */
    void destroy(MemorySegment element);
}
