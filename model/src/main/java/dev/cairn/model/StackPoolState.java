package dev.cairn.model;

import java.util.List;

/**
 * The observable state of a stack pool, free of addresses, so that it can be compared across
 * implementations after every step of a chain: the same sequence of pushes and pops gives the
 * same state on every conforming pool (SP-2).
 *
 * @param byteCapacity     the byte size of the pool's memory
 * @param top              the offset of the first free byte
 * @param liveBlocks       the live blocks, bottom (first pushed) to top
 * @param frameMarkedTops  the marked tops of the open frames, outermost first
 * @param closed           whether the pool is closed
 */
public record StackPoolState(long byteCapacity, long top, List<Block> liveBlocks, List<Long> frameMarkedTops,
                             boolean closed) {

    /**
     * One live block of a pool.
     *
     * @param offset        its offset in the pool's memory
     * @param byteSize      its byte size
     * @param byteAlignment its effective alignment (AC-4)
     * @param typeName      the name of its type
     */
    public record Block(long offset, long byteSize, long byteAlignment, String typeName) {
    }

    /** Copies the lists. */
    public StackPoolState {
        liveBlocks = List.copyOf(liveBlocks);
        frameMarkedTops = List.copyOf(frameMarkedTops);
    }
}
