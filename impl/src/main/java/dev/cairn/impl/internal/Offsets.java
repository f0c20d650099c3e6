package dev.cairn.impl.internal;

import dev.cairn.Type;

/**
 * Offset arithmetic shared by Cairn's allocators. Alignments are powers of two no larger than
 * {@link dev.cairn.AlignmentContext#CEILING_BYTE_ALIGNMENT}; callers check them once at their
 * public boundary, so these helpers do not check again.
 */
public final class Offsets {

    private Offsets() {
    }

    /**
     * {@return the smallest multiple of {@code byteAlignment} that is at least {@code offset}}
     *
     * @param offset        a non-negative offset, at most {@code Long.MAX_VALUE - byteAlignment}
     * @param byteAlignment a power of two
     */
    public static long alignUp(long offset, long byteAlignment) {
        return (offset + byteAlignment - 1) & -byteAlignment;
    }

    /**
     * {@return whether {@code offset} is a multiple of {@code byteAlignment}}
     *
     * @param offset        any offset or address
     * @param byteAlignment a power of two
     */
    public static boolean isAligned(long offset, long byteAlignment) {
        return (offset & (byteAlignment - 1)) == 0;
    }

    /**
     * The byte size of a block of {@code count} elements of {@code type} (TY-2), without the
     * 64-bit division {@link Type#blockByteSize(long)} uses: when both factors are below
     * 2<sup>31</sup> the product is below {@link Type#BLOCK_BYTE_SIZE_MAX} and needs no check;
     * anything else goes to {@link Type#blockByteSize(long)}, which checks it and builds the fault.
     *
     * @param type  the element type
     * @param count the number of elements
     * @return {@code count * type.byteSize()}
     * @throws dev.cairn.fault.ArgumentFault (TY-2) if {@code count < 1} or the product exceeds
     *                                       {@link Type#BLOCK_BYTE_SIZE_MAX}
     */
    public static long blockByteSize(Type type, long count) {
        long elementByteSize = type.byteSize();
        if (count > 0 && ((count | elementByteSize) >>> 31) == 0) {
            return count * elementByteSize;
        }
        return type.blockByteSize(count);
    }
}
