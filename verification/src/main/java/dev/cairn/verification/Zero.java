package dev.cairn.verification;

import java.lang.foreign.MemorySegment;

/** Zero-fill checks without allocating: a block is compared against a shared zero segment. */
final class Zero {

    private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[1 << 16]);

    private Zero() {
    }

    /**
     * {@return the offset of the first non-zero byte of {@code block}, or -1}
     *
     * @param block any segment
     */
    static long firstNonZero(MemorySegment block) {
        long size = block.byteSize();
        for (long offset = 0; offset < size; offset += ZEROS.byteSize()) {
            long length = Math.min(ZEROS.byteSize(), size - offset);
            long mismatch = block.asSlice(offset, length).mismatch(ZEROS.asSlice(0, length));
            if (mismatch >= 0) {
                return offset + mismatch;
            }
        }
        return -1;
    }
}
