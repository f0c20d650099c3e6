package dev.cairn.bench.stack;

import java.lang.foreign.MemorySegment;

/**
 * The least a checked stack pool does beyond {@link BumpPointer}, as a reference point: each push
 * checks the owner thread and the fit (so that a full pool is a fault, not an index error) and
 * records the top it started from, the one record per block a pool needs to pop that block alone
 * and restore the top exactly (SP-4); a frame saves the block count and its close restores the
 * top from the record of the frame's first block. It keeps no type, no destructor count, no frame
 * nesting check and no closed state, all of which Cairn's pool keeps, so no conforming pool can
 * be cheaper than this.
 */
final class RecordingBumpPointer {

    private final MemorySegment memory;
    private final Thread owner = Thread.currentThread();
    private final long[] topsBefore;
    private int blockCount;
    private long top;

    RecordingBumpPointer(MemorySegment memory, int blockCountMax) {
        this.memory = memory;
        this.topsBefore = new long[blockCountMax];
    }

    /** {@return a new block of {@code byteSize} bytes aligned to {@code byteAlignment}, as a slice} */
    MemorySegment push(long byteSize, long byteAlignment) {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("owner=" + owner.getName());
        }
        long before = top;
        long offset = (before + byteAlignment - 1) & -byteAlignment;
        int index = blockCount;
        if (index == topsBefore.length || byteSize > memory.byteSize() - offset) {
            throw new IllegalStateException("full: blockCount=" + index + " top=" + before);
        }
        topsBefore[index] = before;
        blockCount = index + 1;
        top = offset + byteSize;
        return memory.asSlice(offset, byteSize);
    }

    /** {@return the frame's mark: the live block count} */
    int mark() {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("owner=" + owner.getName());
        }
        return blockCount;
    }

    /** Pops every block pushed since {@code mark}. @param mark what {@link #mark()} returned */
    void closeFrame(int mark) {
        if (blockCount > mark) {
            top = topsBefore[mark];
            blockCount = mark;
        }
    }
}
