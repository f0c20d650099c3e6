package dev.cairn.impl.counted;

import dev.cairn.AlignmentContext;
import dev.cairn.Type;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;

/**
 * Where the count and the item lie in the one block of a counted item (RC-1):
 *
 * <pre>
 *   offset 0                  itemByteOffset                     blockByteSize
 *   [ count: int | padding ]  [ item: elementCount x type.byteSize() ]
 * </pre>
 *
 * <p>Invariants ({@link #invariantsHold()}): the item offset is a multiple of the effective
 * alignment and leaves room for the count before it; the block alignment is a multiple of both
 * the effective alignment and the count's alignment, so the item keeps its effective alignment
 * and the count can be updated atomically; the block is the offset plus the item, at most
 * {@link Type#BLOCK_BYTE_SIZE_MAX}.
 *
 * @param effectiveByteAlignment the item's effective alignment (AC-4)
 * @param itemByteOffset         where the item starts in the block
 * @param itemByteSize           {@code elementCount * type.byteSize()}
 * @param blockByteAlignment     the alignment the block is allocated with
 * @param blockByteSize          the byte size of the whole block
 */
record CountedLayout(long effectiveByteAlignment, long itemByteOffset, long itemByteSize,
                     long blockByteAlignment, long blockByteSize) {

    /** The count: a native {@code int}, so {@link dev.cairn.RefCounted#COUNT_MAX} fits. */
    static final ValueLayout.OfInt COUNT_LAYOUT = ValueLayout.JAVA_INT;

    /** The count's offset in the block: first. */
    static final long COUNT_BYTE_OFFSET = 0;

    /**
     * Lays out a counted item. Assumes {@code byteAlignment} and {@code itemByteSize} were checked
     * by the caller (a power of two; at most {@link Type#BLOCK_BYTE_SIZE_MAX}).
     *
     * @param effectiveByteAlignment the item's effective alignment, a power of two at most
     *                               {@link AlignmentContext#CEILING_BYTE_ALIGNMENT}
     * @param itemByteSize           the item's byte size
     * @return the layout; its block may exceed {@link Type#BLOCK_BYTE_SIZE_MAX}, which the caller
     *         checks
     */
    static CountedLayout of(long effectiveByteAlignment, long itemByteSize) {
        long countByteSize = COUNT_LAYOUT.byteSize();
        long itemByteOffset = alignUp(COUNT_BYTE_OFFSET + countByteSize, effectiveByteAlignment);
        long blockByteAlignment = Math.max(effectiveByteAlignment, COUNT_LAYOUT.byteAlignment());
        return new CountedLayout(effectiveByteAlignment, itemByteOffset, itemByteSize, blockByteAlignment,
                itemByteOffset + itemByteSize);
    }

    /** {@return the layout of the block as one element: bytes, aligned 1; the alignment is requested} */
    MemoryLayout blockLayout() {
        return MemoryLayout.sequenceLayout(blockByteSize, ValueLayout.JAVA_BYTE);
    }

    /** {@return whether the invariants in the class comment hold} */
    boolean invariantsHold() {
        return AlignmentContext.isPowerOfTwo(effectiveByteAlignment)
                && itemByteOffset % effectiveByteAlignment == 0
                && itemByteOffset >= COUNT_BYTE_OFFSET + COUNT_LAYOUT.byteSize()
                && blockByteAlignment % effectiveByteAlignment == 0
                && blockByteAlignment % COUNT_LAYOUT.byteAlignment() == 0
                && blockByteSize == itemByteOffset + itemByteSize
                && blockByteSize <= Type.BLOCK_BYTE_SIZE_MAX;
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
