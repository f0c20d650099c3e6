package dev.cairn.impl.general;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.Destruction;
import dev.cairn.Freer;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.impl.counted.CountedItems;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The FFM general allocator (GA-1..GA-8): size-class pages carved from 1 MiB chunks, large blocks
 * straight from the system, metadata out of band, one heap per thread. See the section "General
 * allocator" of {@code docs/architecture.md} for the design and its measurements.
 *
 * <p>Invariants: a live block is exactly one live slot of a page (or one live {@link LargeBlock})
 * whose recorded byte size is the block's; {@link #liveBlockCount()} is the number of such slots
 * and large blocks ({@link #checkInvariants()} checks both at quiescence). Every public method
 * checks its arguments and the allocator's state before it changes anything, then calls an
 * unchecked worker; faults come from {@link GeneralFaults}.
 *
 * <p>A shared allocator (owner {@code null}) gives each thread its own {@link Heap}: allocation
 * takes no lock and no atomic; a free is one compare-and-set on the slot's state (so that of two
 * racing frees exactly one wins), plus a lock-free push when another thread's heap owns the page.
 * A confined allocator has one heap and uses plain writes.
 *
 * <p>Destructor failures (DS-4) propagate after the operation completed: a {@link #resize} whose
 * destructor throws has still resized the block in place (shrinking never moves), and a {@link
 * #closeAndReport()} whose destructor throws has still closed the allocator (the report is lost).
 */
public final class FfmGeneralAllocator implements GeneralAllocator {

    private static final System.Logger LOGGER = System.getLogger(FfmGeneralAllocator.class.getName());
    private static final int SITE_FRAME_MAX = 16;
    /** Frames of these classes (prefixes) are the allocator's own, not an allocation site. */
    private static final List<String> OWN_CLASSES = List.of(FfmGeneralAllocator.class.getName(),
            FfmVector.class.getName(), "dev.cairn.impl.GeneralAllocators", "dev.cairn.impl.counted.",
            "dev.cairn.impl.RefCounting");

    private final Thread owner;
    private final boolean tracking;
    private final NativeMemory memory;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment.Scope scope = arena.scope();
    private final RegionTable table = new RegionTable();
    private final Heap ownerHeap;
    private final ThreadLocal<Heap> threadHeaps;
    private final List<Heap> heaps = new ArrayList<>();
    private final Object largeLock = new Object();
    private final Set<LargeBlock> largeBlocks = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<FfmVector> vectors = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Freer freer = this::freeItem;
    private long largeByteSize;
    private volatile boolean closed;

    /**
     * Makes an allocator.
     *
     * @param confined whether it belongs to the calling thread (GA-5)
     * @param tracking whether it records where each block was allocated, for leak reports (GA-6)
     * @param memory   where regions come from
     */
    public FfmGeneralAllocator(boolean confined, boolean tracking, NativeMemory memory) {
        this.owner = confined ? Thread.currentThread() : null;
        this.tracking = tracking;
        this.memory = Objects.requireNonNull(memory, "memory");
        this.ownerHeap = confined ? newHeap(owner) : null;
        this.threadHeaps = confined ? null : ThreadLocal.withInitial(() -> newHeap(Thread.currentThread()));
    }

    // ---- allocation ------------------------------------------------------------------------

    @Override
    public MemorySegment allocate(Type type, long count) {
        return allocateChecked("allocate", type, count, 1, Page.FIXED, true);
    }

    @Override
    public MemorySegment allocate(Type type, long count, long byteAlignment) {
        return allocateChecked("allocate", type, count, byteAlignment, Page.FIXED, true);
    }

    @Override
    public MemorySegment allocateUninitialized(Type type, long count, long byteAlignment) {
        return allocateChecked("allocateUninitialized", type, count, byteAlignment, Page.FIXED, false);
    }

    @Override
    public MemorySegment allocateGrowable(Type type, long count) {
        return allocateChecked("allocateGrowable", type, count, 1, Page.GROWABLE, true);
    }

    @Override
    public MemorySegment allocateGrowable(Type type, long count, long byteAlignment) {
        return allocateChecked("allocateGrowable", type, count, byteAlignment, Page.GROWABLE, true);
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        Heap heap = enter("allocate");
        if (byteSize < 1) {
            throw GeneralFaults.byteSizeBelowOne(byteSize);
        }
        long alignment = AlignmentContext.effectiveAlignment(Type.BYTE, byteAlignment);
        return allocateUnchecked(heap, Type.BYTE, byteSize, alignment, Page.FIXED, true, site());
    }

    private MemorySegment allocateChecked(String what, Type type, long count, long byteAlignment, int kind,
                                          boolean zero) {
        Heap heap = enter(what);
        Objects.requireNonNull(type, "type");
        long byteSize = type.blockByteSize(count);
        long alignment = AlignmentContext.effectiveAlignment(type, byteAlignment);
        return allocateUnchecked(heap, type, byteSize, alignment, kind, zero, site());
    }

    private MemorySegment allocateUnchecked(Heap heap, Type type, long byteSize, long alignment, int kind,
                                            boolean zero, List<StackTraceElement> site) {
        int sizeClass = SizeClasses.classOf(byteSize, alignment);
        MemorySegment block = sizeClass < 0
                ? allocateLarge(heap, type, byteSize, alignment, kind == Page.GROWABLE, site)
                : allocateSmall(heap, sizeClass, type, (int) byteSize, alignment, kind, site);
        if (zero) {
            block.fill((byte) 0);
        }
        return block;
    }

    private static MemorySegment allocateSmall(Heap heap, int sizeClass, Type type, int byteSize, long alignment,
                                               int kind, List<StackTraceElement> site) {
        Page page = heap.pageWithFree(sizeClass);
        int slot = page.popFree();
        page.claim(slot, type, byteSize, Long.numberOfTrailingZeros(alignment), kind, site);
        heap.allocatedBlockCount++;
        heap.allocatedByteSize += byteSize;
        return page.segment.asSlice((long) slot * page.slotByteSize, byteSize);
    }

    private MemorySegment allocateLarge(Heap heap, Type type, long byteSize, long alignment, boolean growable,
                                        List<StackTraceElement> site) {
        long capacity = (byteSize + SizeClasses.PAGE_BYTE_SIZE - 1) & -SizeClasses.PAGE_BYTE_SIZE;
        Arena blockArena = Arena.ofShared();
        MemorySegment region = obtainRegion(capacity, blockArena);
        LargeBlock large = new LargeBlock(region, blockArena, byteSize, alignment, growable, type,
                site == null ? List.of() : site);
        synchronized (largeLock) {
            table.enter(large, capacity);
            largeBlocks.add(large);
            largeByteSize += byteSize;
        }
        return large.block();
    }

    /** {@return a new chunk, entered in the region table} @throws dev.cairn.fault.AllocationFault (GA-7) */
    Chunk newChunk() {
        Chunk chunk = new Chunk(obtainRegion(RegionTable.FRAME_BYTE_SIZE, arena));
        table.enter(chunk, RegionTable.FRAME_BYTE_SIZE);
        return chunk;
    }

    private MemorySegment obtainRegion(long byteSize, Arena regionArena) {
        MemorySegment region = memory.allocate(byteSize, RegionTable.FRAME_BYTE_SIZE, regionArena);
        if (region == null) {
            closeUnlessShared(regionArena);
            throw GeneralFaults.noMemory(byteSize, "the memory source has none");
        }
        if (!RegionTable.fits(region.address(), byteSize)) {
            memory.release(region.address(), byteSize);
            closeUnlessShared(regionArena);
            throw GeneralFaults.noMemory(byteSize, "address=0x" + Long.toHexString(region.address())
                    + " is beyond 48 bits");
        }
        return region;
    }

    private void closeUnlessShared(Arena regionArena) {
        if (regionArena != arena) {
            regionArena.close();
        }
    }

    /** {@return whether blocks record their allocation sites} */
    boolean tracksSites() {
        return tracking;
    }

    // ---- free, resize, queries --------------------------------------------------------------

    @Override
    public void free(MemorySegment block) {
        enterAnyHeap("free");
        Objects.requireNonNull(block, "block");
        Destruction.rethrow(freeChecked(block, true, "free"));
    }

    private void freeItem(MemorySegment item) {
        enterAnyHeap("freer");
        Objects.requireNonNull(item, "item");
        Destruction.rethrow(freeChecked(item, item.byteSize() != 0, "freer"));
    }

    private Throwable freeChecked(MemorySegment block, boolean exact, String what) {
        Region region = regionOf(block, what);
        if (region instanceof Chunk chunk) {
            long handle = checkSmall(chunk, block, exact, what);
            Page page = chunk.pageAt(block.address());
            int slot = (int) (handle >>> 32);
            if (!page.unclaim(slot, (int) handle, owner == null)) {
                throw GeneralFaults.foreignBlock(what, block, "another thread freed it first");
            }
            return releaseSmall(page, slot, exact ? block : page.block(slot), true);
        }
        LargeBlock large = (LargeBlock) region;
        synchronized (largeLock) {
            checkLarge(large, block, exact, what);
            unlistLarge(large);
        }
        return releaseLarge(large, true);
    }

    /**
     * Destroys (if asked) and gives back a slot this thread just unclaimed.
     *
     * @return the first destructor failure, or null
     */
    private Throwable releaseSmall(Page page, int slot, MemorySegment block, boolean destroy) {
        int byteSize = page.byteSizes[slot];
        Type type = page.types[slot];
        Throwable failure = destroy ? Destruction.destroyElements(type, block, 0, byteSize / type.byteSize(), null) : null;
        page.types[slot] = null;
        if (page.sites != null) {
            page.sites[slot] = null;
        }
        Heap heap = page.heap;
        if (heap.thread == Thread.currentThread()) {
            heap.freeLocal(page, slot);
        } else {
            if (page.pushRemote(slot)) {
                heap.pushRemotePage(page);
            }
            heap = threadHeaps.get();
        }
        heap.freedBlockCount++;
        heap.freedByteSize += byteSize;
        return failure;
    }

    private void unlistLarge(LargeBlock large) {
        large.live = false;
        largeBlocks.remove(large);
        table.remove(large, large.capacity);
        largeByteSize -= large.byteSize;
    }

    private Throwable releaseLarge(LargeBlock large, boolean destroy) {
        Throwable failure = destroy
                ? Destruction.destroyElements(large.type, large.block(), 0, large.byteSize / large.type.byteSize(), null)
                : null;
        large.arena.close();
        memory.release(large.base, large.capacity);
        return failure;
    }

    @Override
    public MemorySegment resize(MemorySegment block, long count) {
        Heap heap = enter("resize");
        Objects.requireNonNull(block, "block");
        Region region = regionOf(block, "resize");
        if (region instanceof Chunk chunk) {
            long handle = checkSmall(chunk, block, true, "resize");
            Page page = chunk.pageAt(block.address());
            int slot = (int) (handle >>> 32);
            Type type = page.types[slot];
            if (((int) handle & Page.KIND_MASK) != Page.GROWABLE) {
                throw GeneralFaults.fixedSize(block, type);
            }
            return resizeSmall(heap, page, slot, (int) handle, block, type.blockByteSize(count));
        }
        LargeBlock large = (LargeBlock) region;
        synchronized (largeLock) {
            checkLarge(large, block, true, "resize");
        }
        if (!large.growable) {
            throw GeneralFaults.fixedSize(block, large.type);
        }
        return resizeLarge(heap, large, block, large.type.blockByteSize(count));
    }

    private MemorySegment resizeSmall(Heap heap, Page page, int slot, int state, MemorySegment block, long byteSize) {
        Type type = page.types[slot];
        long oldByteSize = page.byteSizes[slot];
        if (byteSize <= page.slotByteSize) {
            Throwable failure = byteSize < oldByteSize
                    ? Destruction.destroyElements(type, block, byteSize / type.byteSize(), oldByteSize / type.byteSize(), null)
                    : null;
            page.byteSizes[slot] = (int) byteSize;
            heap.allocatedByteSize += byteSize - oldByteSize;
            MemorySegment resized = page.block(slot);
            zeroFrom(resized, oldByteSize);
            Destruction.rethrow(failure);
            return resized;
        }
        if (!page.unclaim(slot, state, owner == null)) {
            throw GeneralFaults.foreignBlock("resize", block, "another thread freed it first");
        }
        long alignment = 1L << ((state >>> Page.ALIGN_SHIFT) & 0xF);
        @SuppressWarnings("unchecked")
        List<StackTraceElement> site = page.sites == null ? null : (List<StackTraceElement>) page.sites[slot];
        MemorySegment moved;
        try {
            moved = allocateUnchecked(heap, type, byteSize, alignment, Page.GROWABLE, false, site);
        } catch (RuntimeException noMemory) {
            page.reclaim(slot, state);
            throw noMemory;
        }
        MemorySegment.copy(block, 0, moved, 0, oldByteSize);
        zeroFrom(moved, oldByteSize);
        releaseSmall(page, slot, block, false);
        return moved;
    }

    private MemorySegment resizeLarge(Heap heap, LargeBlock large, MemorySegment block, long byteSize) {
        long oldByteSize = large.byteSize;
        if (byteSize <= large.capacity) {
            Throwable failure = byteSize < oldByteSize
                    ? Destruction.destroyElements(large.type, block, byteSize / large.type.byteSize(),
                            oldByteSize / large.type.byteSize(), null)
                    : null;
            synchronized (largeLock) {
                large.byteSize = byteSize;
                largeByteSize += byteSize - oldByteSize;
            }
            MemorySegment resized = large.block();
            zeroFrom(resized, oldByteSize);
            Destruction.rethrow(failure);
            return resized;
        }
        MemorySegment moved = allocateUnchecked(heap, large.type, byteSize, large.byteAlignment, Page.GROWABLE,
                false, large.site);
        MemorySegment.copy(block, 0, moved, 0, oldByteSize);
        zeroFrom(moved, oldByteSize);
        synchronized (largeLock) {
            unlistLarge(large);
        }
        releaseLarge(large, false);
        return moved;
    }

    private static void zeroFrom(MemorySegment block, long offset) {
        if (offset < block.byteSize()) {
            block.asSlice(offset).fill((byte) 0);
        }
    }

    @Override
    public boolean isGrowable(MemorySegment block) {
        enterAnyHeap("isGrowable");
        Objects.requireNonNull(block, "block");
        Region region = regionOf(block, "isGrowable");
        if (region instanceof Chunk chunk) {
            return (checkSmall(chunk, block, true, "isGrowable") & Page.KIND_MASK) == Page.GROWABLE;
        }
        synchronized (largeLock) {
            checkLarge((LargeBlock) region, block, true, "isGrowable");
            return ((LargeBlock) region).growable;
        }
    }

    @Override
    public Type typeOf(MemorySegment block) {
        enterAnyHeap("typeOf");
        Objects.requireNonNull(block, "block");
        Region region = regionOf(block, "typeOf");
        if (region instanceof Chunk chunk) {
            int slot = (int) (checkSmall(chunk, block, true, "typeOf") >>> 32);
            return chunk.pageAt(block.address()).types[slot];
        }
        synchronized (largeLock) {
            checkLarge((LargeBlock) region, block, true, "typeOf");
            return ((LargeBlock) region).type;
        }
    }

    // ---- block checks (GA-4): Java metadata only, never the block's memory ----------------------

    private Region regionOf(MemorySegment block, String what) {
        if (!block.isNative()) {
            throw GeneralFaults.foreignBlock(what, block, "it is a heap segment");
        }
        Region region = table.lookup(block.address());
        if (region == null) {
            throw GeneralFaults.foreignBlock(what, block, "no region of this allocator holds its address");
        }
        return region;
    }

    /**
     * Checks that {@code block} is a live block of {@code chunk}.
     *
     * @param exact whether the byte size and scope must be the block's (else only its address counts)
     * @return the slot in the high 32 bits, its live state in the low 32 bits
     */
    private long checkSmall(Chunk chunk, MemorySegment block, boolean exact, String what) {
        long address = block.address();
        Page page = chunk.pageAt(address);
        int slot = page == null ? -1 : page.slotAt(address);
        if (slot < 0) {
            throw GeneralFaults.foreignBlock(what, block, "its address is not the start of a block");
        }
        int state = page.stateOf(slot);
        if ((state & Page.KIND_MASK) == Page.FREE) {
            throw GeneralFaults.foreignBlock(what, block, "it is not live (freed, or never allocated)");
        }
        if (exact && (block.byteSize() != page.byteSizes[slot] || !scope.equals(block.scope()))) {
            throw GeneralFaults.foreignBlock(what, block, "the live block there has byteSize="
                    + page.byteSizes[slot] + " and this allocator's scope");
        }
        return ((long) slot << 32) | (state & 0xFFFF_FFFFL);
    }

    private static void checkLarge(LargeBlock large, MemorySegment block, boolean exact, String what) {
        if (!large.live || large.base != block.address()) {
            throw GeneralFaults.foreignBlock(what, block, "its address is not the start of a live block");
        }
        if (exact && (block.byteSize() != large.byteSize || !large.segment.scope().equals(block.scope()))) {
            throw GeneralFaults.foreignBlock(what, block, "the live block there has byteSize=" + large.byteSize
                    + " and its own scope");
        }
    }

    // ---- counted items, vectors, freer ---------------------------------------------------------

    @Override
    public RefCounted allocateCounted(Type type, long count, long byteAlignment, CountMode mode) {
        enterAnyHeap("allocateCounted");
        return CountedItems.allocate(this, type, count, byteAlignment, mode);
    }

    @Override
    public Vector newVector(Type elementType, long initialCapacity) {
        enterAnyHeap("newVector");
        Objects.requireNonNull(elementType, "elementType");
        FfmVector vector = new FfmVector(this, elementType, initialCapacity);
        synchronized (vectors) {
            vectors.add(vector);
        }
        return vector;
    }

    /** Forgets a vector that was freed. @param vector the vector */
    void unregister(FfmVector vector) {
        synchronized (vectors) {
            vectors.remove(vector);
        }
    }

    @Override
    public Freer freer() {
        return freer;
    }

    // ---- state ---------------------------------------------------------------------------------

    @Override
    public long liveBlockCount() {
        return liveTotal(false);
    }

    @Override
    public long liveByteSize() {
        return liveTotal(true);
    }

    /** {@return the live bytes or the live block count, summed over the heaps and the large blocks} */
    private long liveTotal(boolean bytes) {
        if (closed) {
            return 0;
        }
        long total = 0;
        synchronized (heaps) {
            for (Heap heap : heaps) {
                total += bytes ? heap.allocatedByteSize - heap.freedByteSize
                        : heap.allocatedBlockCount - heap.freedBlockCount;
            }
        }
        synchronized (largeLock) {
            return total + (bytes ? largeByteSize : largeBlocks.size());
        }
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---- close (GA-6) --------------------------------------------------------------------------

    @Override
    public LeakReport closeAndReport() {
        if (owner != null && Thread.currentThread() != owner) {
            throw GeneralFaults.wrongThread("closeAndReport", owner);
        }
        synchronized (this) {
            if (closed) {
                return LeakReport.NONE;
            }
            List<LeakReport.Leak> leaks = new ArrayList<>();
            Throwable failure = freeVectorsAtClose(null);
            failure = freeSmallLeaks(leaks, failure);
            failure = freeLargeLeaks(leaks, failure);
            closed = true;
            arena.close();
            releaseChunks();
            Destruction.rethrow(failure);
            return LeakReport.of(leaks);
        }
    }

    @Override
    public void close() {
        LeakReport report = closeAndReport();
        if (!report.isEmpty()) {
            LOGGER.log(System.Logger.Level.WARNING, "general allocator closed with leaks: {0}", report);
        }
    }

    private Throwable freeVectorsAtClose(Throwable failure) {
        List<FfmVector> live;
        synchronized (vectors) {
            live = new ArrayList<>(vectors);
        }
        for (FfmVector vector : live) {
            failure = Destruction.combine(failure, vector.destroyElementsAtClose());
        }
        return failure;
    }

    private Throwable freeSmallLeaks(List<LeakReport.Leak> leaks, Throwable failure) {
        List<Heap> all;
        synchronized (heaps) {
            all = new ArrayList<>(heaps);
        }
        for (Heap heap : all) {
            for (int chunkIndex = 0; chunkIndex < heap.chunks.size(); chunkIndex++) {
                Chunk chunk = heap.chunks.get(chunkIndex);
                for (int pageIndex = 0; pageIndex < chunk.pageCount; pageIndex++) {
                    failure = freePageLeaks(chunk.pages[pageIndex], leaks, failure);
                }
            }
        }
        return failure;
    }

    private Throwable freePageLeaks(Page page, List<LeakReport.Leak> leaks, Throwable failure) {
        for (int slot = 0; slot < page.slotCount; slot++) {
            int state = page.stateOf(slot);
            if ((state & Page.KIND_MASK) != Page.FREE && page.unclaim(slot, state, owner == null)) {
                @SuppressWarnings("unchecked")
                List<StackTraceElement> site = page.sites == null ? null : (List<StackTraceElement>) page.sites[slot];
                leaks.add(leak(page.types[slot], page.byteSizes[slot], site));
                failure = Destruction.combine(failure, releaseSmall(page, slot, page.block(slot), true));
            }
        }
        return failure;
    }

    private Throwable freeLargeLeaks(List<LeakReport.Leak> leaks, Throwable failure) {
        while (true) {
            LargeBlock large;
            synchronized (largeLock) {
                if (largeBlocks.isEmpty()) {
                    return failure;
                }
                large = largeBlocks.iterator().next();
                unlistLarge(large);
            }
            leaks.add(leak(large.type, large.byteSize, large.site));
            failure = Destruction.combine(failure, releaseLarge(large, true));
        }
    }

    private static LeakReport.Leak leak(Type type, long byteSize, List<StackTraceElement> site) {
        return new LeakReport.Leak(type, byteSize / type.byteSize(), byteSize, site == null ? List.of() : site);
    }

    private void releaseChunks() {
        synchronized (heaps) {
            for (Heap heap : heaps) {
                for (Chunk chunk : heap.chunks) {
                    memory.release(chunk.base, RegionTable.FRAME_BYTE_SIZE);
                }
            }
        }
    }

    // ---- entry checks --------------------------------------------------------------------------

    /** Checks thread and state; {@return the heap the calling thread allocates from} */
    private Heap enter(String what) {
        if (owner != null) {
            enterAnyHeap(what);
            return ownerHeap;
        }
        if (closed) {
            throw GeneralFaults.closed(what);
        }
        return threadHeaps.get();
    }

    private void enterAnyHeap(String what) {
        if (owner != null && Thread.currentThread() != owner) {
            throw GeneralFaults.wrongThread(what, owner);
        }
        if (closed) {
            throw GeneralFaults.closed(what);
        }
    }

    private Heap newHeap(Thread thread) {
        Heap heap = new Heap(this, thread);
        synchronized (heaps) {
            heaps.add(heap);
        }
        return heap;
    }

    private List<StackTraceElement> site() {
        if (!tracking) {
            return null;
        }
        return StackWalker.getInstance().walk(frames -> frames
                .dropWhile(frame -> OWN_CLASSES.stream().anyMatch(frame.getClassName()::startsWith))
                .limit(SITE_FRAME_MAX)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toList());
    }

    /**
     * Checks the invariants of the class comment; call only when no other thread uses the allocator.
     *
     * @return {@code true}, for use in {@code assert}
     * @throws IllegalStateException if one does not hold
     */
    public boolean checkInvariants() {
        long liveSlots = 0;
        long liveBytes = 0;
        synchronized (heaps) {
            for (Heap heap : heaps) {
                for (Chunk chunk : heap.chunks) {
                    for (int index = 0; index < chunk.pageCount; index++) {
                        Page page = chunk.pages[index];
                        page.checkInvariants();
                        for (int slot = 0; slot < page.slotCount; slot++) {
                            if ((page.states[slot] & Page.KIND_MASK) != Page.FREE) {
                                liveSlots++;
                                liveBytes += page.byteSizes[slot];
                            }
                        }
                    }
                }
            }
        }
        synchronized (largeLock) {
            liveSlots += largeBlocks.size();
            liveBytes += largeByteSize;
        }
        if (!closed && (liveSlots != liveBlockCount() || liveBytes != liveByteSize())) {
            throw new IllegalStateException("liveSlots=" + liveSlots + " liveBytes=" + liveBytes + " but liveBlockCount="
                    + liveBlockCount() + " liveByteSize=" + liveByteSize());
        }
        return true;
    }
}
