package dev.cairn.verification;

import dev.cairn.Type;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;

/**
 * The types {@link Op#ALLOCATE_NEW_TYPE} makes for one action (TY-1): a byte size and an alignment
 * chosen by the action's {@code ref}, from a table that includes what is not a type (byte size 0,
 * a byte size that is not a multiple of the alignment), so that {@link Type#of} is seen to reject
 * it with {@code ArgumentFault (TY-1)} and to accept the rest with their size and alignment.
 */
final class NewTypes {

    private static final long[] BYTE_SIZES = {1, 3, 12, 24, 40, 48, 96, 0};
    private static final long[] BYTE_ALIGNMENTS = {1, 4, 8, 16, 32};

    /** The number of (byte size, alignment) pairs a {@code ref} picks from. */
    static final int COUNT = BYTE_SIZES.length * BYTE_ALIGNMENTS.length;

    private NewTypes() {
    }

    /**
     * {@return the type {@code ref} names}
     *
     * @param ref any number; taken modulo {@link #COUNT}
     * @throws dev.cairn.fault.ArgumentFault (TY-1) if the pair is not a type
     */
    static Type of(long ref) {
        int index = (int) Math.floorMod(ref, (long) COUNT);
        long byteSize = BYTE_SIZES[index % BYTE_SIZES.length];
        long byteAlignment = BYTE_ALIGNMENTS[index / BYTE_SIZES.length];
        MemoryLayout layout = MemoryLayout.sequenceLayout(byteSize, ValueLayout.JAVA_BYTE).withByteAlignment(byteAlignment);
        return Type.of("bytes" + byteSize + "aligned" + byteAlignment, layout);
    }
}
