package dev.cairn.bench.stack;

import java.lang.foreign.MemorySegment;

/**
 * The physical limit of a stack allocator: a hand-written bump pointer over one segment, with no
 * checks beyond those of {@link MemorySegment} itself. A frame saves {@link #top} and restores it.
 */
final class BumpPointer {

    final MemorySegment memory;
    long top;

    BumpPointer(MemorySegment memory) {
        this.memory = memory;
    }

    /** {@return the offset of a new block of {@code byteSize} bytes aligned to {@code byteAlignment}} */
    long pushOffset(long byteSize, long byteAlignment) {
        long offset = (top + byteAlignment - 1) & -byteAlignment;
        top = offset + byteSize;
        return offset;
    }

    /** {@return a new block of {@code byteSize} bytes aligned to {@code byteAlignment}, as a slice} */
    MemorySegment pushSlice(long byteSize, long byteAlignment) {
        return memory.asSlice(pushOffset(byteSize, byteAlignment), byteSize);
    }
}
