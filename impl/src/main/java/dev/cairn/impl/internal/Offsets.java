package dev.cairn.impl.internal;

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
}
