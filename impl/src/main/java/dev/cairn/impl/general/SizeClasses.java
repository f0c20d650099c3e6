package dev.cairn.impl.general;

/**
 * The size classes of small blocks: 16 to 128 bytes in steps of 16, then four classes per
 * doubling up to {@link #SMALL_BYTE_SIZE_MAX} (160, 192, 224, 256, 320, ...). Every power of two
 * from 16 up is a class, so a block that needs an alignment above 16 takes the power-of-two class
 * at least as large as its size and its alignment: slots of such a class sit at multiples of the
 * class size in a page aligned to {@link #PAGE_BYTE_SIZE}, hence are aligned to it.
 *
 * <p>Invariants (checked by {@link #checkInvariants()}): class sizes strictly increase, are
 * multiples of 16, and {@link #classOf} maps every size to the smallest class that holds it.
 */
final class SizeClasses {

    /** log2 of {@link #PAGE_BYTE_SIZE}. */
    static final int PAGE_SHIFT = 16;

    /** A page: the unit a size class is carved into slots from; 64 KiB, aligned to its size. */
    static final long PAGE_BYTE_SIZE = 1L << PAGE_SHIFT;

    /** The largest small block; anything larger (or more aligned) comes straight from the system. */
    static final int SMALL_BYTE_SIZE_MAX = 32 * 1024;

    /** The smallest slot and the alignment every slot has. */
    static final int QUANTUM = 16;

    /** The number of classes. */
    static final int CLASS_COUNT = 8 + 4 * 8;

    private static final int[] BYTE_SIZES = new int[CLASS_COUNT];

    static {
        for (int index = 0; index < 8; index++) {
            BYTE_SIZES[index] = QUANTUM * (index + 1);
        }
        for (int index = 8; index < CLASS_COUNT; index++) {
            int exponent = 7 + (index - 8) / 4;
            int step = 1 << (exponent - 2);
            BYTE_SIZES[index] = (1 << exponent) + step * ((index - 8) % 4 + 1);
        }
    }

    private SizeClasses() {
    }

    /**
     * The class of a block, or -1 when it is large.
     *
     * @param byteSize      the block's byte size, at least 1
     * @param byteAlignment its effective alignment, a power of two
     * @return the class index in {@code [0, CLASS_COUNT)}, or -1
     */
    static int classOf(long byteSize, long byteAlignment) {
        if (byteAlignment > QUANTUM) {
            byteSize = Long.highestOneBit(Math.max(byteSize, byteAlignment) - 1) << 1;
        }
        if (byteSize > SMALL_BYTE_SIZE_MAX) {
            return -1;
        }
        int size = (int) byteSize;
        if (size <= 128) {
            return (size + QUANTUM - 1) / QUANTUM - 1;
        }
        int exponent = 31 - Integer.numberOfLeadingZeros(size - 1);
        return 8 + (exponent - 7) * 4 + ((size - 1 - (1 << exponent)) >> (exponent - 2));
    }

    /** {@return the slot byte size of class {@code sizeClass}} @param sizeClass a class index */
    static int byteSize(int sizeClass) {
        return BYTE_SIZES[sizeClass];
    }

    /**
     * Checks the invariants of the class comment.
     *
     * @return {@code true}, for use in {@code assert}
     * @throws IllegalStateException if one does not hold
     */
    static boolean checkInvariants() {
        for (int index = 0; index < CLASS_COUNT; index++) {
            int size = BYTE_SIZES[index];
            if (size % QUANTUM != 0 || (index > 0 && size <= BYTE_SIZES[index - 1])) {
                throw new IllegalStateException("class=" + index + " byteSize=" + size + " breaks the order");
            }
        }
        for (int size = 1; size <= SMALL_BYTE_SIZE_MAX; size++) {
            int index = classOf(size, 1);
            if (BYTE_SIZES[index] < size || (index > 0 && BYTE_SIZES[index - 1] >= size)) {
                throw new IllegalStateException("byteSize=" + size + " maps to class=" + index);
            }
        }
        return true;
    }
}
