package dev.cairn.impl.general;

import dev.cairn.Type;
import dev.cairn.impl.internal.FieldHandles;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * A 64 KiB page of equal slots of one size class, owned by one {@link Heap}. All metadata is out
 * of band, in Java arrays indexed by slot: a write past the end of a block cannot corrupt it, and
 * checking a block reads no native memory.
 *
 * <p>Slot metadata is one {@code long} per slot ({@link #metas}), so that checking and freeing a
 * block touches one array element: bits 0-1 the kind ({@link #FREE}, {@link #FIXED}, {@link
 * #GROWABLE}), bits 2-5 log2 of the block's effective alignment, bit 6 whether its type has a
 * destructor, bits 8-31 a generation that every allocation of the slot increments, so that a
 * racing double free cannot free the slot's next block (no ABA), bits 32-63 the block's byte size.
 * In a shared allocator a live slot's metadata changes only by a compare-and-set, so of two racing
 * frees (or a free and an in-place resize) exactly one wins.
 *
 * <p>Invariants (checked by {@link #checkInvariants()}): a slot is on the free stack at most once
 * and only if it is free; slots at or above {@link #bumpNext} were never used and are free.
 *
 * <p>Free slots come back two ways: the owner thread pushes them on {@link #freeSlots}; other
 * threads push them on a lock-free stack threaded through {@link #remoteNext} whose head is {@link
 * #remoteHead}, and the owner takes the whole stack at once when it runs out.
 */
final class Page {

    static final int FREE = 0;
    static final int FIXED = 1;
    static final int GROWABLE = 2;
    static final int KIND_MASK = 3;
    static final int ALIGN_SHIFT = 2;
    static final int GENERATION_SHIFT = 8;
    private static final long DESTRUCTOR_BIT = 1L << 6;
    private static final long GENERATION_MASK = 0xFFFF_FF00L;
    private static final int NONE = -1;

    private static final VarHandle METAS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle REMOTE_HEAD = FieldHandles.field(MethodHandles.lookup(), "remoteHead", int.class);
    private static final VarHandle QUEUED = FieldHandles.field(MethodHandles.lookup(), "queued", boolean.class);

    static {
        if (SizeClasses.PAGE_BYTE_SIZE / SizeClasses.QUANTUM > Short.MAX_VALUE) {
            throw new ExceptionInInitializerError("slot numbers of a page must fit a short: pageByteSize="
                    + SizeClasses.PAGE_BYTE_SIZE + " quantum=" + SizeClasses.QUANTUM);
        }
    }

    final Heap heap;
    final MemorySegment segment;
    final long base;
    final int sizeClass;
    final int slotByteSize;
    final int slotCount;
    private final long reciprocal;

    final long[] metas;
    final Type[] types;
    final Object[] sites;

    /** Slot numbers are below 4096 (64 KiB pages of slots of 16 bytes or more): a {@code short} holds one. */
    private final short[] freeSlots;
    private int freeTop;
    private int bumpNext;
    private final short[] remoteNext;
    @SuppressWarnings("unused") // through REMOTE_HEAD
    private volatile int remoteHead = NONE;

    /** The next page on the owner heap's stack of pages with remote frees. */
    Page nextRemote;

    /** Whether the page is on its heap's stack of pages with remote frees (at most once). */
    @SuppressWarnings("unused") // through QUEUED
    private volatile boolean queued;

    /** {@link #listing}: neither its heap's current page of its class nor on its partial list. */
    static final byte UNLISTED = 0;
    /** {@link #listing}: its heap's current page of its class. */
    static final byte CURRENT = 1;
    /** {@link #listing}: on its heap's list of pages with free slots for its class. */
    static final byte PARTIAL = 2;

    /**
     * Where its heap keeps it: {@link #UNLISTED}, {@link #CURRENT} or {@link #PARTIAL}; owner
     * thread only. One field, so that a local free learns from the page alone whether it must list
     * the page.
     */
    byte listing = UNLISTED;

    /**
     * Whether its heap gave its memory to another {@link Page} ({@code Heap.reuseFreePage}); a
     * retired page hands out no slot again. Owner thread only.
     */
    boolean retired;

    Page(Heap heap, MemorySegment segment, int sizeClass, boolean tracking) {
        this.heap = heap;
        this.segment = segment;
        this.base = segment.address();
        this.sizeClass = sizeClass;
        this.slotByteSize = SizeClasses.byteSize(sizeClass);
        this.slotCount = (int) (SizeClasses.PAGE_BYTE_SIZE / slotByteSize);
        this.reciprocal = ((1L << 32) + slotByteSize - 1) / slotByteSize;
        this.metas = new long[slotCount];
        this.types = new Type[slotCount];
        this.sites = tracking ? new Object[slotCount] : null;
        this.freeSlots = new short[slotCount];
        this.remoteNext = new short[slotCount];
    }

    /**
     * {@return a free slot taken from this page, or -1 if it has none}: a slot freed here first,
     * then one other threads freed, then one never used (so freed memory is reused before fresh
     * memory is touched). Owner thread only.
     */
    int popFree() {
        if (freeTop == 0 && (int) REMOTE_HEAD.getOpaque(this) != NONE) {
            drainRemote();
        }
        if (freeTop > 0) {
            return freeSlots[--freeTop];
        }
        return bumpNext < slotCount ? bumpNext++ : NONE;
    }

    /** {@return whether {@link #popFree} would give a slot} */
    boolean hasFree() {
        return freeTop > 0 || bumpNext < slotCount || (int) REMOTE_HEAD.getOpaque(this) != NONE;
    }

    /**
     * {@return whether no slot is live and none is on its way back}: every slot ever handed out is
     * on the local free stack and no remote free is pending; owner thread only. A remote freer
     * takes a slot off the live set before it pushes it on the remote stack, so until its push is
     * drained the slot is on neither stack and this is false.
     */
    boolean holdsNoLiveSlot() {
        return freeTop == bumpNext && (int) REMOTE_HEAD.getVolatile(this) == NONE;
    }

    /**
     * {@return how many slots were ever handed out}: slots at or above it were never used, so a
     * scan for live slots stops there. Owner thread, or a thread that has a happens-before edge
     * with the owner's allocations (as a close of a quiescent allocator has).
     */
    int usedSlotCount() {
        return bumpNext;
    }

    /** Gives a freed slot back; owner thread only. @param slot a slot just freed */
    void pushFree(int slot) {
        freeSlots[freeTop++] = (short) slot;
    }

    /**
     * {@return the slot that starts exactly at {@code address}, or -1}
     *
     * @param address an address inside this page's frame
     */
    int slotAt(long address) {
        long offset = address - base;
        if (offset < 0 || offset >= SizeClasses.PAGE_BYTE_SIZE) {
            return NONE;
        }
        int slot = (int) ((offset * reciprocal) >>> 32);
        return slot < slotCount && (long) slot * slotByteSize == offset ? slot : NONE;
    }

    /**
     * {@return the metadata of {@code slot}}
     *
     * @param slot   a slot
     * @param atomic whether other threads may write it (a shared allocator): then read with
     *               acquire, else plainly by the owner thread, the only one that writes it
     */
    long metaOf(int slot, boolean atomic) {
        return atomic ? (long) METAS.getAcquire(metas, slot) : metas[slot];
    }

    /** {@return the kind in {@code meta}} @param meta a slot's metadata */
    static int kindOf(long meta) {
        return (int) meta & KIND_MASK;
    }

    /** {@return the byte size in {@code meta}} @param meta a live slot's metadata */
    static int byteSizeOf(long meta) {
        return (int) (meta >>> 32);
    }

    /** {@return the effective alignment in {@code meta}} @param meta a live slot's metadata */
    static long alignmentOf(long meta) {
        return 1L << ((meta >>> ALIGN_SHIFT) & 0xF);
    }

    /** {@return whether the block's type has a destructor} @param meta a live slot's metadata */
    static boolean destroys(long meta) {
        return (meta & DESTRUCTOR_BIT) != 0;
    }

    /** {@return the byte size of live {@code slot}} @param slot a live slot */
    int byteSizeOf(int slot) {
        return byteSizeOf(metas[slot]);
    }

    /**
     * Makes a free slot live.
     *
     * @param slot       a slot just taken from the free stack
     * @param type       the block's type
     * @param byteSize   the block's byte size
     * @param alignShift log2 of its effective alignment
     * @param kind       {@link #FIXED} or {@link #GROWABLE}
     * @param site       where it was allocated, or null
     * @param atomic     whether other threads may read it (a shared allocator): then published with
     *                   release, else written plainly
     */
    void claim(int slot, Type type, int byteSize, int alignShift, int kind, List<StackTraceElement> site,
               boolean atomic) {
        if (types[slot] != type) {
            types[slot] = type; // skipped when unchanged: a reference store costs a GC write barrier
        }
        if (sites != null) {
            sites[slot] = site;
        }
        long generation = (metas[slot] + (1L << GENERATION_SHIFT)) & GENERATION_MASK;
        long meta = ((long) byteSize << 32) | generation | ((long) alignShift << ALIGN_SHIFT) | kind
                | (type.hasDestructor() ? DESTRUCTOR_BIT : 0);
        if (atomic) {
            METAS.setRelease(metas, slot, meta);
        } else {
            metas[slot] = meta;
        }
    }

    /**
     * Makes a live slot free if its metadata is still {@code live}.
     *
     * @param slot   the slot
     * @param live   the live metadata the caller checked the block against
     * @param atomic whether other threads may race (a shared allocator)
     * @return whether this call freed it
     */
    boolean unclaim(int slot, long live, boolean atomic) {
        return replace(slot, live, live & GENERATION_MASK, atomic);
    }

    /**
     * Changes a live slot's byte size if its metadata is still {@code live} (an in-place resize).
     *
     * @return whether this call changed it
     */
    boolean resizeInPlace(int slot, long live, int byteSize, boolean atomic) {
        return replace(slot, live, ((long) byteSize << 32) | (live & 0xFFFF_FFFFL), atomic);
    }

    private boolean replace(int slot, long expected, long next, boolean atomic) {
        if (atomic) {
            return METAS.compareAndSet(metas, slot, expected, next);
        }
        metas[slot] = next;
        return true;
    }

    /**
     * Makes a slot this thread just {@linkplain #unclaim unclaimed} live again, as it was: undoes
     * an unclaim when the operation that needed it failed.
     *
     * @param slot the slot
     * @param live its metadata before the unclaim
     */
    void reclaim(int slot, long live) {
        METAS.setRelease(metas, slot, live);
    }

    /** {@return the block of {@code slot} as handed out} @param slot a live slot */
    MemorySegment block(int slot) {
        return segment.asSlice((long) slot * slotByteSize, byteSizeOf(slot));
    }

    /**
     * Pushes a slot freed by a thread other than the owner on the remote stack.
     *
     * @param slot a slot this call unclaimed
     * @return whether the caller must put this page on its heap's stack: the remote stack was
     *         empty and the page was not queued (this call marked it queued)
     */
    boolean pushRemote(int slot) {
        while (true) {
            int head = (int) REMOTE_HEAD.getVolatile(this);
            remoteNext[slot] = (short) head;
            if (REMOTE_HEAD.compareAndSet(this, head, slot)) {
                return head == NONE && QUEUED.compareAndSet(this, false, true);
            }
        }
    }

    /** Marks the page as off its heap's stack; the heap calls it after unlinking the page. */
    void dequeue() {
        QUEUED.setVolatile(this, false);
    }

    /** Moves every remotely freed slot to the local free stack; owner thread only. */
    void drainRemote() {
        int slot = (int) REMOTE_HEAD.getAndSet(this, NONE);
        while (slot != NONE) {
            pushFree(slot);
            slot = remoteNext[slot];
        }
    }

    /**
     * Checks the invariants of the class comment; owner thread only, with no remote frees pending.
     *
     * @return {@code true}, for use in {@code assert}
     * @throws IllegalStateException if one does not hold
     */
    boolean checkInvariants() {
        boolean[] seen = new boolean[slotCount];
        for (int index = 0; index < freeTop; index++) {
            int slot = freeSlots[index];
            if (seen[slot] || kindOf(metas[slot]) != FREE || slot >= bumpNext) {
                throw new IllegalStateException("slot=" + slot + " of class=" + sizeClass + " is on the free stack wrongly");
            }
            seen[slot] = true;
        }
        for (int slot = bumpNext; slot < slotCount; slot++) {
            if (kindOf(metas[slot]) != FREE) {
                throw new IllegalStateException("slot=" + slot + " above bumpNext=" + bumpNext + " is live");
            }
        }
        return true;
    }
}
