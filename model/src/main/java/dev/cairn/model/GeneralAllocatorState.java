package dev.cairn.model;

import java.util.List;

/**
 * The observable state of a general allocator, free of addresses, so that it can be compared
 * across implementations after every step of a chain.
 *
 * @param liveBlocks   the live blocks in allocation order (a resized block keeps its place)
 * @param liveByteSize the total byte size of the live blocks (items of counted blocks)
 * @param closed       whether the allocator is closed
 */
public record GeneralAllocatorState(List<Block> liveBlocks, long liveByteSize, boolean closed) {

    /**
     * One live block.
     *
     * @param typeName       the name of its type
     * @param elementCount   its number of elements (a vector's capacity)
     * @param byteSize       its byte size (the item's, for a counted block)
     * @param byteAlignment  its effective alignment (AC-4)
     * @param growable       whether it came from the growable routine (GA-2); a vector's block is
     * @param counted        whether it holds a reference-counted item (RC-1)
     * @param referenceCount the item's count if counted, else 0
     */
    public record Block(String typeName, long elementCount, long byteSize, long byteAlignment, boolean growable,
                        boolean counted, long referenceCount) {
    }

    /** Copies the list. */
    public GeneralAllocatorState {
        liveBlocks = List.copyOf(liveBlocks);
    }
}
