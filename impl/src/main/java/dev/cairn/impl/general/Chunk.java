package dev.cairn.impl.general;

import java.lang.foreign.MemorySegment;

/**
 * A region of {@link #PAGE_COUNT} pages that one heap carves into size-class pages, in order.
 * Invariant: {@code pages[i]} is null until page {@code i} is given a class; it changes after only
 * when the page holds no live block and its heap gives it another class ({@link #replacePage}).
 */
final class Chunk extends Region {

    /** The number of pages of a chunk. */
    static final int PAGE_COUNT = (int) (RegionTable.FRAME_BYTE_SIZE / SizeClasses.PAGE_BYTE_SIZE);

    /** The pages handed out so far, by index. */
    final Page[] pages = new Page[PAGE_COUNT];

    /** The number of pages handed out. */
    int pageCount;

    Chunk(MemorySegment segment, FfmGeneralAllocator allocator) {
        super(segment, allocator);
    }

    /** {@return the page holding {@code address}, or null if that page is not in use} @param address inside this chunk */
    Page pageAt(long address) {
        return pages[(int) ((address - base) >>> SizeClasses.PAGE_SHIFT)];
    }

    /** {@return whether a page is left to hand out} */
    boolean hasFreePage() {
        return pageCount < PAGE_COUNT;
    }

    /**
     * Hands out the next page.
     *
     * @param heap      the heap it belongs to
     * @param sizeClass its class
     * @param tracking  whether it records allocation sites
     * @return the page
     */
    Page nextPage(Heap heap, int sizeClass, boolean tracking) {
        return replacePage(pageCount++, heap, sizeClass, tracking);
    }

    /**
     * Gives page {@code index}, new or holding no live block, a fresh {@link Page} of a class.
     *
     * @param index     the page's index, below {@link #pageCount}
     * @param heap      the heap it belongs to
     * @param sizeClass its class
     * @param tracking  whether it records allocation sites
     * @return the page
     */
    Page replacePage(int index, Heap heap, int sizeClass, boolean tracking) {
        long offset = (long) index << SizeClasses.PAGE_SHIFT;
        Page page = new Page(heap, segment.asSlice(offset, SizeClasses.PAGE_BYTE_SIZE), sizeClass, tracking);
        pages[index] = page;
        return page;
    }
}
