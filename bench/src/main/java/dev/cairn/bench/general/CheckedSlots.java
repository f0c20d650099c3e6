package dev.cairn.bench.general;

import java.lang.foreign.MemorySegment;

/**
 * The least a checked general allocator does per allocate and free of one size class, as a
 * reference point beside {@code malloc}: the owner-thread check (a confined allocator, the cheaper
 * kind), a free-slot stack to pop and push, and one word of out-of-band metadata per slot, the
 * live block's byte size, which is what a free needs to tell a block from a slice of one, a
 * second free and a foreign or heap segment in constant time without reading the memory it frees
 * (GA-4). The free checks, in order: native, inside the region, at a slot's start, live with the
 * same byte size.
 *
 * <p>It keeps one size class of one region, no typed blocks, no element counts, no destructors,
 * no growable kind, no zeroing, no statistics for a leak report and no closed state, all of which
 * Cairn's allocator keeps; its slot stack cannot run out in the benchmark. So no conforming
 * allocator can be cheaper than this.
 */
final class CheckedSlots {

    private final MemorySegment region;
    private final long regionAddress;
    private final int slotShift;
    private final Thread owner = Thread.currentThread();
    private final int[] freeSlots;
    private final long[] liveByteSizes;
    private int freeCount;

    /**
     * @param region        the memory the slots are carved from
     * @param slotByteSize  a slot's byte size, a power of two
     */
    CheckedSlots(MemorySegment region, long slotByteSize) {
        this.region = region;
        this.regionAddress = region.address();
        this.slotShift = Long.numberOfTrailingZeros(slotByteSize);
        int slotCount = (int) (region.byteSize() >>> slotShift);
        this.freeSlots = new int[slotCount];
        this.liveByteSizes = new long[slotCount];
        for (int slot = 0; slot < slotCount; slot++) {
            freeSlots[slot] = slotCount - 1 - slot;
        }
        this.freeCount = slotCount;
    }

    /** {@return a block of {@code byteSize} bytes, at most the slot size, not zeroed} */
    MemorySegment allocate(long byteSize) {
        checkOwner();
        int count = freeCount;
        if (count == 0) {
            throw new IllegalStateException("exhausted: slotCount=" + freeSlots.length);
        }
        int slot = freeSlots[count - 1];
        freeCount = count - 1;
        liveByteSizes[slot] = byteSize;
        return region.asSlice((long) slot << slotShift, byteSize);
    }

    /** Frees a block that {@link #allocate} returned; anything else is refused with no change. */
    void free(MemorySegment block) {
        checkOwner();
        long offset = block.address() - regionAddress;
        if (!block.isNative() || offset < 0 || offset >= region.byteSize()
                || (offset & ((1L << slotShift) - 1)) != 0) {
            throw new IllegalArgumentException("not a block of this allocator: address=" + block.address());
        }
        int slot = (int) (offset >>> slotShift);
        if (liveByteSizes[slot] != block.byteSize()) {
            throw new IllegalArgumentException("not a live block: address=" + block.address()
                    + " byteSize=" + block.byteSize());
        }
        liveByteSizes[slot] = 0;
        freeSlots[freeCount++] = slot;
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("owner=" + owner.getName());
        }
    }
}
