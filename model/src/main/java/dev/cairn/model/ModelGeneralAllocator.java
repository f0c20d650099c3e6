package dev.cairn.model;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.Destruction;
import dev.cairn.Freer;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The reference general allocator (GA-1..GA-8, with RC and VE through {@link ModelRefCounted} and
 * {@link ModelVector}): a list of live blocks in allocation order, each a fresh segment of one
 * shared {@link Arena} that is closed at {@link #close()} (so every segment handed out becomes
 * inaccessible, GA-6). Freed memory is never reused, so live blocks never overlap and a freed or
 * moved block can never be mistaken for a new one by address alone. Slow and plain on purpose.
 *
 * <p>Every operation holds the allocator's lock (so a shared allocator may be used from any thread,
 * GA-5, and an atomic count is conserved, RC-6) and checks, in the order of docs/spec.md, the
 * thread (GA-5), that the allocator is open (GA-6), the arguments (TY-2, GA-8, then AC-4), the
 * block (GA-4, then GA-3; a resize checks its count's byte size, which needs the block's type,
 * between the two) and the memory limit (GA-7); it throws the fault with no change, and only then
 * changes the state. With assertions enabled it then calls {@link #checkInvariants()}, whose
 * conjuncts mirror the Alloy assertions, one named check each: {@code checkBlockSizes} (TY-2), {@code
 * checkCountedItemsPlaced} (RC-1), {@code checkAlignedLiveBlocks} (AC-4, GA-1), {@code
 * checkNoOverlap} (GA-1), {@code checkFixedBlocksKeepSize} (GA-2, GA-3), {@code
 * checkDestroyedExactlyOnce} (DS-1), {@code checkCountsConserved} (RC-4), {@code
 * checkLiveByteSizeKept} (the running total {@link #liveByteSize()} returns is the sum of the live
 * blocks' byte sizes), {@code checkWithinLimit} (GA-7) and {@code checkClosedIsEmpty} (GA-6).
 *
 * <p>Destructors run while the lock is held, after the block has left the live list and before
 * its memory could be reused; they may call back into this allocator (DS-3). Close first frees the
 * elements of every live vector, newest first, as {@link Vector#free} does (destructors, or the
 * referents' freers, DS-5), then destroys the live blocks newest first, the vectors' emptied blocks
 * included. A leak report lists the blocks close destroyed itself, not those a destructor freed
 * during close; a destructor that frees a block close has already destroyed gets a {@link
 * dev.cairn.fault.ForeignBlockFault}, which close rethrows after it has completed (DS-4). Counted
 * items keep their count in the first {@value #COUNT_BYTES} bytes of their block, the item at
 * {@code alignUp(COUNT_BYTES, effective alignment)} (RC-1). Leak reports carry no allocation sites.
 */
public final class ModelGeneralAllocator implements GeneralAllocator {

    /** The byte size of the count in front of a counted item (a {@code JAVA_INT}). */
    public static final long COUNT_BYTES = 4;

    /**
     * A live block: its whole segment, where the item starts in it, and who owns it (a
     * {@link ModelRefCounted}, a {@link ModelVector}, or {@code null} for a block the caller holds).
     */
    record Entry(MemorySegment segment, long itemOffset, Type type, long count, long byteAlignment,
                 boolean growable, long initialCount, Object owner) {
        MemorySegment item() {
            return segment.asSlice(itemOffset, count * type.byteSize());
        }

        long liveElementCount() {
            return owner instanceof ModelVector vector ? vector.size() : count;
        }
    }

    private final Arena arena = Arena.ofShared();
    private final Thread owner;
    private final long byteSizeLimit;
    private final List<Entry> entries = new ArrayList<>();
    private boolean closed;
    private long liveByteSize;
    private long elementsCreated;
    private long elementsDestroyed;

    private ModelGeneralAllocator(Thread owner, long byteSizeLimit) {
        if (byteSizeLimit < 0) {
            throw ModelFaults.badLimit(Clause.GA_7, "byteSizeLimit=" + byteSizeLimit, "[0, " + Long.MAX_VALUE + "]");
        }
        this.owner = owner;
        this.byteSizeLimit = byteSizeLimit;
    }

    /** {@return a shared allocator (GA-5) whose memory is limited only by the system} */
    public static ModelGeneralAllocator shared() {
        return new ModelGeneralAllocator(null, Long.MAX_VALUE);
    }

    /**
     * {@return a shared allocator whose live blocks may total at most {@code byteSizeLimit} bytes;
     * beyond that, allocations fail with an {@link AllocationFault} (GA-7)}
     *
     * @param byteSizeLimit the limit on {@link #liveByteSize()}, at least 0
     * @throws ArgumentFault (GA-7) if {@code byteSizeLimit} is negative
     */
    public static ModelGeneralAllocator shared(long byteSizeLimit) {
        return new ModelGeneralAllocator(null, byteSizeLimit);
    }

    /**
     * {@return an allocator confined to the calling thread (GA-5), with the limit of {@link
     * #shared(long)}}
     *
     * @param byteSizeLimit the limit on {@link #liveByteSize()}, at least 0
     * @throws ArgumentFault (GA-7) if {@code byteSizeLimit} is negative
     */
    public static ModelGeneralAllocator confined(long byteSizeLimit) {
        return new ModelGeneralAllocator(Thread.currentThread(), byteSizeLimit);
    }

    /** {@return an allocator confined to the calling thread (GA-5)} */
    public static ModelGeneralAllocator confined() {
        return confined(Long.MAX_VALUE);
    }

    @Override
    public MemorySegment allocate(Type type, long count) {
        return allocate(type, count, 1);
    }

    /** {@inheritDoc} The model's memory comes zero-filled from {@link Arena#allocate}. */
    @Override
    public synchronized MemorySegment allocate(Type type, long count, long byteAlignment) {
        return add("GeneralAllocator.allocate", type, count, byteAlignment, false, null).segment();
    }

    /** {@inheritDoc} The model's blocks are always zero-filled: fresh memory is never reused. */
    @Override
    public MemorySegment allocateUninitialized(Type type, long count, long byteAlignment) {
        return allocate(type, count, byteAlignment);
    }

    @Override
    public MemorySegment allocateGrowable(Type type, long count) {
        return allocateGrowable(type, count, 1);
    }

    @Override
    public synchronized MemorySegment allocateGrowable(Type type, long count, long byteAlignment) {
        return add("GeneralAllocator.allocateGrowable", type, count, byteAlignment, true, null).segment();
    }

    /** Checks, reserves (aligned to at least the count's bytes) and records a new block; only then it is live. */
    private Entry add(String what, Type type, long count, long byteAlignment, boolean growable, Object blockOwner) {
        checkUsable(what);
        Objects.requireNonNull(type, "type");
        long itemByteSize = type.blockByteSize(count);
        long alignment = AlignmentContext.effectiveAlignment(type, byteAlignment);
        long itemOffset = blockOwner instanceof ModelRefCounted ? ModelFaults.alignUp(COUNT_BYTES, alignment) : 0;
        if (itemByteSize > Type.BLOCK_BYTE_SIZE_MAX - itemOffset) {
            // RC-1's whole block, count included, is a block: TY-2 bounds it as it bounds n·S
            throw ModelFaults.countedBlockTooLarge(type, count, itemOffset + itemByteSize);
        }
        MemorySegment segment = reserve(itemOffset + itemByteSize, Math.max(alignment, COUNT_BYTES),
                itemOffset + itemByteSize);
        Entry entry = new Entry(segment, itemOffset, type, count, alignment, growable, count, blockOwner);
        entries.add(entry);
        liveByteSize += segment.byteSize();
        elementsCreated += blockOwner instanceof ModelVector ? 0 : count;
        return entry;
    }

    /** Gets fresh zero-filled memory, or throws {@link AllocationFault} (GA-7) with no change. */
    private MemorySegment reserve(long byteSize, long byteAlignment, long liveByteSizeAdded) {
        if (liveByteSizeAdded > byteSizeLimit - liveByteSize) {
            throw ModelFaults.overLimit(liveByteSizeAdded, byteSizeLimit, liveByteSize);
        }
        try {
            return arena.allocate(byteSize, byteAlignment);
        } catch (OutOfMemoryError noMemory) {
            throw ModelFaults.noMemory(Clause.GA_7, byteSize);
        }
    }

    @Override
    public synchronized MemorySegment resize(MemorySegment block, long count) {
        checkUsable("GeneralAllocator.resize");
        if (count < 1) {
            throw ModelFaults.badCount(count);
        }
        Entry entry = entryOf(block, false);
        entry.type().blockByteSize(count);
        if (!entry.growable()) {
            throw ModelFaults.fixed(block, entry.type());
        }
        return move(entry, count);
    }

    /**
     * Moves a live block to fresh memory of {@code count} elements: the first elements copied, new
     * ones zero (fresh memory), cut ones destroyed on the old memory after the new block is live.
     */
    MemorySegment move(Entry old, long count) {
        long byteSize = old.type().blockByteSize(count);
        long oldByteSize = old.segment().byteSize();
        MemorySegment segment = reserve(byteSize, old.byteAlignment(), byteSize - oldByteSize);
        MemorySegment.copy(old.segment(), 0, segment, 0, Math.min(byteSize, oldByteSize));
        liveByteSize += byteSize - oldByteSize;
        entries.set(indexOf(old), new Entry(segment, 0, old.type(), count, old.byteAlignment(), true,
                old.initialCount(), old.owner()));
        long cut = old.count() - count;
        if (old.owner() == null) {
            elementsCreated += Math.max(0, -cut);
            elementsDestroyed += Math.max(0, cut);
        }
        Throwable failure = Destruction.destroyElements(old.type(), old.segment(), count, old.count(), null);
        assert checkInvariants();
        Destruction.rethrow(failure);
        return segment;
    }

    @Override
    public synchronized void free(MemorySegment block) {
        checkUsable("GeneralAllocator.free");
        Destruction.rethrow(release(entryOf(block, false), null));
    }

    /**
     * Takes a live block out of the live list, then destroys what it holds (DS-1): a vector's
     * elements, or each element of the block or counted item. Returns the first failure (DS-4).
     */
    Throwable release(Entry entry, Throwable pending) {
        entries.remove(indexOf(entry));
        liveByteSize -= entry.segment().byteSize();
        Throwable failure;
        if (entry.owner() instanceof ModelVector vector) {
            failure = vector.freeElements(entry.segment(), pending);
        } else {
            if (entry.owner() instanceof ModelRefCounted handle) {
                handle.markDestroyed();
            }
            elementsDestroyed += entry.count();
            failure = Destruction.destroyElements(entry.type(), entry.item(), 0, entry.count(), pending);
        }
        assert checkInvariants();
        return failure;
    }

    @Override
    public synchronized boolean isGrowable(MemorySegment block) {
        checkUsable("GeneralAllocator.isGrowable");
        return entryOf(block, false).growable();
    }

    @Override
    public synchronized Type typeOf(MemorySegment block) {
        checkUsable("GeneralAllocator.typeOf");
        return entryOf(block, false).type();
    }

    @Override
    public synchronized RefCounted allocateCounted(Type type, long count, long byteAlignment, CountMode mode) {
        Objects.requireNonNull(mode, "mode");
        ModelRefCounted handle = new ModelRefCounted(this, type, count, mode,
                mode == CountMode.CONFINED ? Thread.currentThread() : null);
        add("GeneralAllocator.allocateCounted", type, count, byteAlignment, false, handle);
        handle.initialize();
        assert checkInvariants();
        return handle;
    }

    @Override
    public synchronized Vector newVector(Type elementType, long initialCapacity) {
        ModelVector vector = new ModelVector(this, elementType);
        add("GeneralAllocator.newVector", elementType, initialCapacity, 1, true, vector);
        assert checkInvariants();
        return vector;
    }

    /** {@inheritDoc} The model's freer frees as {@link #free} does, or by address alone. */
    @Override
    public Freer freer() {
        return this::freeReferenced;
    }

    private synchronized void freeReferenced(MemorySegment item) {
        checkUsable("Freer.free");
        Destruction.rethrow(release(entryOf(item, true), null));
    }

    /**
     * The live block the caller holds that is {@code block} exactly (same memory, address and byte
     * size) or, when {@code byAddress}, whose address a zero-length segment carries (GA-4).
     */
    private Entry entryOf(MemorySegment block, boolean byAddress) {
        Objects.requireNonNull(block, "block");
        boolean addressOnly = byAddress && block.byteSize() == 0;
        for (Entry entry : entries) {
            boolean same = ModelFaults.sameBlock(entry.segment(), block)
                    || (addressOnly && entry.segment().address() == block.address());
            if (entry.owner() == null && same) {
                return entry;
            }
        }
        throw ModelFaults.foreign(block);
    }

    /** {@return the live block owned by a handle or vector} */
    Entry entryOf(Object blockOwner) {
        for (Entry entry : entries) {
            if (entry.owner() == blockOwner) {
                return entry;
            }
        }
        throw new NoSuchElementException("no live block of owner=" + blockOwner);
    }

    /**
     * {@return the index of the live entry {@code entry} itself (not an equal one)}; it must be live
     * (an {@link IndexOutOfBoundsException} otherwise).
     */
    private int indexOf(Entry entry) {
        int index = 0;
        while (entries.get(index) != entry) {
            index++;
        }
        return index;
    }

    @Override
    public synchronized long liveBlockCount() {
        return entries.size();
    }

    /** {@inheritDoc} A running total, kept by every change of the live list (checkLiveByteSizeKept). */
    @Override
    public synchronized long liveByteSize() {
        return liveByteSize;
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized MemorySegment allocate(long byteSize, long byteAlignment) {
        checkUsable("GeneralAllocator.allocate");
        if (byteSize < 1) {
            throw ModelFaults.badByteSize(Clause.GA_8, byteSize);
        }
        return allocate(Type.BYTE, byteSize, byteAlignment);
    }

    @Override
    public synchronized LeakReport closeAndReport() {
        ModelFaults.checkThread(owner, Clause.GA_5, "GeneralAllocator.close");
        if (closed) {
            return LeakReport.NONE;
        }
        Throwable failure = null;
        for (Entry entry : entries.reversed().stream().filter(entry -> entry.owner() instanceof ModelVector).toList()) {
            failure = ((ModelVector) entry.owner()).freeElements(entry.segment(), failure);
        }
        // A leak's byte size is its whole block, a counted item's count and padding included (RC-1),
        // so that the report's byteSize equals liveByteSize() before the close.
        ModelFaults.Drained drained = ModelFaults.drain(entries, entry -> new LeakReport.Leak(entry.type(),
                entry.count(), entry.segment().byteSize(), List.of()), this::release, failure);
        closed = true;
        arena.close();
        assert checkInvariants();
        Destruction.rethrow(drained.failure());
        return LeakReport.of(drained.leaks());
    }

    @Override
    public void close() {
        ModelFaults.warnOfLeaks("general allocator", closeAndReport());
    }

    /**
     * {@return the observable state: live blocks in allocation order with type name, element
     * count, byte size, alignment, growable, counted and count; live byte size; closed}
     */
    public synchronized GeneralAllocatorState state() {
        List<GeneralAllocatorState.Block> live = entries.stream().map(entry -> new GeneralAllocatorState.Block(
                entry.type().name(), entry.count(), entry.count() * entry.type().byteSize(), entry.byteAlignment(),
                entry.growable(), entry.owner() instanceof ModelRefCounted,
                entry.owner() instanceof ModelRefCounted handle ? handle.liveCount() : 0)).toList();
        return new GeneralAllocatorState(live, liveByteSize(), closed);
    }

    /**
     * Checks every conjunct of the allocator's invariant (see the class comment).
     *
     * @return {@code true}, so that it can be called as {@code assert checkInvariants()}
     * @throws AssertionError naming the clause of the first conjunct that does not hold
     */
    public synchronized boolean checkInvariants() {
        checkBlockSizes();
        checkCountedItemsPlaced();
        checkAlignedLiveBlocks();
        checkNoOverlap();
        checkFixedBlocksKeepSize();
        checkDestroyedExactlyOnce();
        checkCountsConserved();
        checkLiveByteSizeKept();
        checkWithinLimit();
        checkClosedIsEmpty();
        return true;
    }

    private void checkBlockSizes() {
        for (Entry entry : entries) {
            ModelFaults.invariant(entry.segment().byteSize() == entry.itemOffset() + entry.count() * entry.type().byteSize(),
                    Clause.TY_2, "block byteSize=" + entry.segment().byteSize() + " count=" + entry.count());
        }
    }

    private void checkCountedItemsPlaced() {
        for (Entry entry : entries) {
            boolean counted = entry.owner() instanceof ModelRefCounted;
            ModelFaults.invariant(entry.itemOffset() == (counted ? ModelFaults.alignUp(COUNT_BYTES, entry.byteAlignment()) : 0),
                    Clause.RC_1, "itemOffset=" + entry.itemOffset() + " counted=" + counted);
        }
    }

    private void checkAlignedLiveBlocks() {
        for (Entry entry : entries) {
            long address = entry.segment().address() + entry.itemOffset();
            ModelFaults.invariant(address % entry.byteAlignment() == 0, Clause.AC_4,
                    "item address=" + address + " is not aligned to byteAlignment=" + entry.byteAlignment());
        }
    }

    private void checkNoOverlap() {
        List<MemorySegment> byAddress = entries.stream().map(Entry::segment)
                .sorted(Comparator.comparingLong(MemorySegment::address)).toList();
        for (int index = 1; index < byAddress.size(); index++) {
            MemorySegment below = byAddress.get(index - 1);
            ModelFaults.invariant(below.address() + below.byteSize() <= byAddress.get(index).address(), Clause.GA_1,
                    ModelFaults.describe(byAddress.get(index)) + " overlaps " + ModelFaults.describe(below));
        }
    }

    private void checkFixedBlocksKeepSize() {
        for (Entry entry : entries) {
            ModelFaults.invariant(entry.growable() || entry.count() == entry.initialCount(), Clause.GA_3,
                    "fixed block count=" + entry.count() + " but initialCount=" + entry.initialCount());
        }
    }

    private void checkDestroyedExactlyOnce() {
        long live = entries.stream().mapToLong(Entry::liveElementCount).sum();
        ModelFaults.invariant(elementsCreated == live + elementsDestroyed, Clause.DS_1, "elementsCreated="
                + elementsCreated + " but live=" + live + " + destroyed=" + elementsDestroyed);
    }

    private void checkCountsConserved() {
        for (Entry entry : entries) {
            ModelFaults.invariant(!(entry.owner() instanceof ModelRefCounted handle) || handle.isConserved(),
                    Clause.RC_4, "count of a live counted item of type=" + entry.type().name() + " is not conserved");
        }
    }

    private void checkLiveByteSizeKept() {
        long sum = entries.stream().mapToLong(entry -> entry.segment().byteSize()).sum();
        ModelFaults.invariant(liveByteSize == sum, Clause.GA_1,
                "liveByteSize=" + liveByteSize + " but the live blocks' byteSize sum=" + sum);
    }

    private void checkWithinLimit() {
        ModelFaults.invariant(liveByteSize() <= byteSizeLimit, Clause.GA_7,
                "liveByteSize=" + liveByteSize() + " exceeds byteSizeLimit=" + byteSizeLimit);
    }

    private void checkClosedIsEmpty() {
        ModelFaults.invariant(!closed || entries.isEmpty(), Clause.GA_6,
                "closed allocator has liveBlockCount=" + entries.size());
    }

    /** Records elements created or destroyed outside the allocator's own operations (a vector's). */
    void countElements(long created, long destroyed) {
        elementsCreated += created;
        elementsDestroyed += destroyed;
    }

    /** Checks the thread only (GA-5): what a vector's own freed check follows. */
    void checkThread(String what) {
        ModelFaults.checkThread(owner, Clause.GA_5, what);
    }

    private void checkUsable(String what) {
        checkThread(what);
        ModelFaults.checkOpen(closed, Clause.GA_6, what);
    }
}
