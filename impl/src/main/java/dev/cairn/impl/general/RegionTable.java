package dev.cairn.impl.general;

/**
 * Maps an address to the region holding it in constant time, without reading native memory: a
 * two-level radix table over the frame number ({@code address >>> 20}) of 48-bit addresses. A
 * region is entered in every frame it covers; regions are aligned to {@link #FRAME_BYTE_SIZE}, so
 * a frame belongs to at most one region.
 *
 * <p>One table, {@link #SHARED}, serves every allocator of the process: making an allocator then
 * costs no table (the root alone is 64 KiB, a leaf another 64 KiB), and a region names its
 * allocator, which the lookup's caller compares. A region leaves the table before its memory goes
 * back to the {@link NativeMemory} (which may keep a chunk in its {@link ChunkCache} for the next
 * allocator), so an address handed out again is never found under its old region.
 *
 * <p>Writers hold the table's lock. Readers do not: a block handed to a thread comes with a
 * happens-before edge from the thread that entered its region, and a reader that sees a stale
 * {@code null} or a stale region for an address it forged gets the fault it deserves.
 */
final class RegionTable {

    /** log2 of {@link #FRAME_BYTE_SIZE}. */
    static final int FRAME_SHIFT = 20;

    /** A frame: 1 MiB, the size and alignment of a chunk. */
    static final long FRAME_BYTE_SIZE = 1L << FRAME_SHIFT;

    private static final int ADDRESS_BITS = 48;
    private static final int LEAF_BITS = 14;
    private static final int ROOT_SHIFT = FRAME_SHIFT + LEAF_BITS;
    private static final int LEAF_MASK = (1 << LEAF_BITS) - 1;

    /** The table every allocator of the process uses. */
    static final RegionTable SHARED = new RegionTable();

    private final Region[][] roots = new Region[1 << (ADDRESS_BITS - ROOT_SHIFT)][];

    /**
     * {@return whether addresses {@code [base, base + byteSize)} can be entered}
     *
     * @param base     a region's address
     * @param byteSize its byte size
     */
    static boolean fits(long base, long byteSize) {
        return base > 0 && ((base + byteSize - 1) >>> ADDRESS_BITS) == 0;
    }

    /** {@return the region holding {@code address}, or null} @param address any value */
    Region lookup(long address) {
        if ((address >>> ADDRESS_BITS) != 0) {
            return null;
        }
        Region[] leaf = roots[(int) (address >>> ROOT_SHIFT)];
        return leaf == null ? null : leaf[(int) (address >>> FRAME_SHIFT) & LEAF_MASK];
    }

    /**
     * Enters {@code region} in every frame of {@code [region.base, region.base + byteSize)}.
     *
     * @param region   the region, {@link #fits} its range
     * @param byteSize its byte size
     */
    synchronized void enter(Region region, long byteSize) {
        set(region.base, byteSize, region);
    }

    /**
     * Removes {@code region} from the frames it covers.
     *
     * @param region   the region
     * @param byteSize its byte size
     */
    synchronized void remove(Region region, long byteSize) {
        set(region.base, byteSize, null);
    }

    private void set(long base, long byteSize, Region region) {
        for (long frame = base >>> FRAME_SHIFT; frame <= (base + byteSize - 1) >>> FRAME_SHIFT; frame++) {
            int root = (int) (frame >>> LEAF_BITS);
            if (roots[root] == null) {
                roots[root] = new Region[1 << LEAF_BITS];
            }
            roots[root][(int) frame & LEAF_MASK] = region;
        }
    }
}
