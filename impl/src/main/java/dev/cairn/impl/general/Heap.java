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
 * page is on {@code partial[c]} at most once ({@link Page#inPartialList}); the counters only grow;
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
            page.inPartialList = false;
            if (page.hasFree()) {
                current[sizeClass] = page;
                return page;
            }
        }
        page = newPage(sizeClass);
        current[sizeClass] = page;
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
        if (!page.inPartialList && page != current[page.sizeClass] && page.hasFree()) {
            partial[page.sizeClass].add(page);
            page.inPartialList = true;
        }
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
                    if (current[old.sizeClass] == old) {
                        current[old.sizeClass] = null;
                    }
                    if (old.inPartialList) {
                        partial[old.sizeClass].remove(old);
                        old.inPartialList = false;
                    }
                    return chunk.replacePage(index, this, sizeClass, allocator.tracksSites());
                }
            }
        }
        return null;
    }
}
