package dev.cairn.impl.general;

import dev.cairn.fault.AllocationFault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One thread's share of a general allocator: its chunks, its pages per size class, and its
 * counters. Only the owner thread allocates from a heap, so the fast path takes no lock and no
 * atomic. Blocks freed by other threads come back through each page's remote stack; a page whose
 * remote stack becomes non-empty is pushed on {@link #remotePages} (lock-free, many producers) and
 * the owner drains them all when a class runs out of slots.
 *
 * <p>Invariants: {@code current[c]}, when not null, is a page of class {@code c} of this heap; a
 * page is on {@code partial[c]} at most once; {@link Page#listing} says which of the two holds a
 * page, if any; the counters only grow;
 * allocated minus freed counts equal the live slots of the allocator's pages, which {@link
 * FfmGeneralAllocator#checkInvariants()} checks together with each page's {@link
 * Page#checkInvariants()}.
 */
final class Heap {

    /**
     * The owner thread. A shared allocator hands the heap of a thread that ended to the next new
     * thread that allocates ({@link FfmGeneralAllocator}), so threads that come and go (virtual
     * threads) do not each leave a heap behind; it changes only then, under the allocator's heap
     * lock, after {@code Thread.isAlive()} showed the old owner ended (which orders its writes
     * before the new owner's reads).
     */
    volatile Thread thread;

    /** The chunks of this heap, in the order they were obtained. */
    final List<Chunk> chunks = new ArrayList<>();

    /** Blocks allocated, and their bytes, by this heap's thread (including resize deltas). */
    long allocatedBlockCount;
    long allocatedByteSize;

    /** Blocks of this heap freed, and their bytes, by its owner thread. */
    long freedBlockCount;
    long freedByteSize;

    /** Blocks of this heap freed, and their bytes, by other threads: the slow path counts atomically. */
    final AtomicLong remoteFreedBlockCount = new AtomicLong();
    final AtomicLong remoteFreedByteSize = new AtomicLong();

    /** The allocator; {@code null} once {@link #detach()} cut the heap loose at close. */
    private FfmGeneralAllocator allocator;
    private final Page[] current = new Page[SizeClasses.CLASS_COUNT];
    private final ArrayDeque<Page>[] partial;
    private final AtomicReference<Page> remotePages = new AtomicReference<>();
    private Chunk openChunk;
    /**
     * A page of this heap that a free by its owner thread found through the region table, or null;
     * the owner thread alone reads and writes it (in a shared allocator too: a thread's frees use
     * only its own heap's recent page).
     */
    private Page recentPage;

    @SuppressWarnings("unchecked")
    Heap(FfmGeneralAllocator allocator, Thread thread) {
        this.allocator = allocator;
        this.thread = thread;
        this.partial = new ArrayDeque[SizeClasses.CLASS_COUNT];
        for (int index = 0; index < partial.length; index++) {
            partial[index] = new ArrayDeque<>();
        }
    }

    /**
     * Cuts this heap loose from its allocator, which is closed and has given every chunk back
     * (GA-6). A thread's thread-local map may keep the heap as long as the thread lives; without
     * this the heap would keep the allocator (and so the thread-local key, the region table and
     * every page's metadata) reachable too.
     */
    void detach() {
        allocator = null;
        openChunk = null;
        recentPage = null;
        chunks.clear();
        Arrays.fill(current, null);
        for (ArrayDeque<Page> pages : partial) {
            pages.clear();
        }
    }

    /**
     * {@return a page of {@code sizeClass} with a free slot}
     *
     * @param sizeClass the class
     * @throws dev.cairn.fault.AllocationFault (GA-7) if a new chunk is needed and cannot be had;
     *                                         then nothing changed
     */
    Page pageWithFree(int sizeClass) {
        Page page = current[sizeClass];
        if (page != null && page.hasFree()) {
            return page;
        }
        return refill(sizeClass);
    }

    /**
     * {@return the recent page if it holds {@code address}, else null} A retired page is never
     * recent, so the page returned is the one the region table would give.
     *
     * @param address any value
     */
    Page recentPageHolding(long address) {
        Page page = recentPage;
        return page != null && Long.compareUnsigned(address - page.base, SizeClasses.PAGE_BYTE_SIZE) < 0 ? page : null;
    }

    /** Makes {@code page} the recent page. @param page a page of this heap, not retired */
    void rememberPage(Page page) {
        recentPage = page;
    }

    /**
     * Takes back a slot this heap's thread freed from one of this heap's pages.
     *
     * @param page the page
     * @param slot the slot, just unclaimed
     */
    void freeLocal(Page page, int slot) {
        page.pushFree(slot);
        listIfPartial(page);
    }

    /**
     * Takes back a slot another thread freed from one of this heap's pages; any thread.
     *
     * @param page     the page
     * @param slot     the slot, just unclaimed
     * @param byteSize the block's byte size
     */
    void freeRemote(Page page, int slot, int byteSize) {
        remoteFreedBlockCount.incrementAndGet();
        remoteFreedByteSize.addAndGet(byteSize);
        if (page.pushRemote(slot)) {
            pushRemotePage(page);
        }
    }

    private void pushRemotePage(Page page) {
        while (true) {
            Page head = remotePages.get();
            page.nextRemote = head;
            if (remotePages.compareAndSet(head, page)) {
                return;
            }
        }
    }

    private Page refill(int sizeClass) {
        drainRemote();
        Page page = current[sizeClass];
        if (page != null && page.hasFree()) {
            return page;
        }
        ArrayDeque<Page> pages = partial[sizeClass];
        while ((page = pages.poll()) != null) {
            page.listing = Page.UNLISTED;
            if (page.hasFree()) {
                return makeCurrent(sizeClass, page);
            }
        }
        return makeCurrent(sizeClass, newPage(sizeClass));
    }

    private Page makeCurrent(int sizeClass, Page page) {
        Page old = current[sizeClass];
        if (old != null) {
            old.listing = Page.UNLISTED;
        }
        current[sizeClass] = page;
        page.listing = Page.CURRENT;
        return page;
    }

    private void drainRemote() {
        Page page = remotePages.getAndSet(null);
        while (page != null) {
            Page next = page.nextRemote;
            page.nextRemote = null;
            page.dequeue(); // after unlinking: a producer may queue the page again from here on
            page.drainRemote();
            if (!page.retired) {
                listIfPartial(page);
            }
            page = next;
        }
    }

    private void listIfPartial(Page page) {
        if (page.listing == Page.UNLISTED && page.hasFree()) {
            partial[page.sizeClass].add(page);
            page.listing = Page.PARTIAL;
        }
    }

    /**
     * Checks where this heap keeps one of its pages: {@link Page#listing} names the one place that
     * holds it (current page of its class, partial list, or neither), and the recent page, if any,
     * is not retired. Owner thread, or a quiescent allocator.
     *
     * @param page a page of one of this heap's chunks
     * @return {@code true}, for use in {@code assert}
     * @throws IllegalStateException if it does not hold
     */
    boolean checkListing(Page page) {
        boolean isCurrent = current[page.sizeClass] == page;
        boolean isPartial = partial[page.sizeClass].contains(page);
        byte expected = isCurrent ? Page.CURRENT : isPartial ? Page.PARTIAL : Page.UNLISTED;
        if ((isCurrent && isPartial) || page.listing != expected) {
            throw new IllegalStateException("page of class=" + page.sizeClass + " has listing=" + page.listing
                    + " but current=" + isCurrent + " partial=" + isPartial);
        }
        if (recentPage != null && recentPage.retired) {
            throw new IllegalStateException("the recent page of class=" + recentPage.sizeClass + " is retired");
        }
        return true;
    }

    private Page newPage(int sizeClass) {
        if (openChunk == null || !openChunk.hasFreePage()) {
            Chunk chunk;
            try {
                chunk = allocator.newChunk();
            } catch (AllocationFault noMemory) {
                Page reused = reuseFreePage(sizeClass);
                if (reused == null) {
                    throw noMemory;
                }
                return reused;
            }
            openChunk = chunk;
            chunks.add(chunk);
        }
        return openChunk.nextPage(this, sizeClass, allocator.tracksSites());
    }

    /**
     * When no new chunk can be had (GA-7), gives a page of this heap that holds no live block
     * another size class, so that freed memory serves any class again: without it, an allocator at
     * its memory cap could never again allocate a class it had no page of, even with nothing live.
     * The old {@link Page} is retired: off {@code current} and {@code partial}, never listed again.
     *
     * @return the page, or {@code null} if every page of this heap holds a live block
     */
    private Page reuseFreePage(int sizeClass) {
        for (Chunk chunk : chunks) {
            for (int index = 0; index < chunk.pageCount; index++) {
                Page old = chunk.pages[index];
                if (old.holdsNoLiveSlot()) {
                    old.retired = true;
                    if (recentPage == old) {
                        recentPage = null;
                    }
                    if (old.listing == Page.CURRENT) {
                        current[old.sizeClass] = null;
                    } else if (old.listing == Page.PARTIAL) {
                        partial[old.sizeClass].remove(old);
                    }
                    old.listing = Page.UNLISTED;
                    return chunk.replacePage(index, this, sizeClass, allocator.tracksSites());
                }
            }
        }
        return null;
    }
}
