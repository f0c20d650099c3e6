package dev.cairn.impl.general;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.Destruction;
import dev.cairn.Freer;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.impl.internal.FieldHandles;
import dev.cairn.impl.internal.Offsets;
import dev.cairn.Vector;
import dev.cairn.impl.counted.CountedItems;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * unchecked worker; faults come from {@link GeneralFaults}, in the order of {@code docs/spec.md}: wrong
 * thread, closed, argument, alignment, block identity (foreign, then fixed), memory. An overflowing
 * count of {@link #resize} needs the block's type, so it is found after the block is identified.
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
    private static final int LOGGED_LEAK_COUNT_MAX = 10;
    private static final VarHandle CLOSED = FieldHandles.field(MethodHandles.lookup(), "closed", boolean.class);
    /** Frames of these classes (prefixes) are the allocator's own, not an allocation site. */
    private static final List<String> OWN_CLASSES = List.of(FfmGeneralAllocator.class.getName(),
            FfmVector.class.getName(), "dev.cairn.impl.GeneralAllocators", "dev.cairn.impl.counted.",
            "dev.cairn.impl.RefCounting");

    private final Thread owner;
    /**
     * Whether any thread may call ({@code owner == null}): then page metadata is read with acquire
     * and changed by compare-and-set, else the owner reads and writes it plainly.
     */
    private final boolean shared;
    private final boolean tracking;
    private final NativeMemory memory;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment.Scope scope = arena.scope();
    private final RegionTable table = RegionTable.SHARED;
    private final Heap ownerHeap;
    private final ThreadLocal<Heap> threadHeaps;
    private final List<Heap> heaps = new ArrayList<>();
    private final Object largeLock = new Object();
    private final Set<LargeBlock> largeBlocks = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<FfmVector> vectors = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Freer freer = this::freeItem;
    private long largeByteSize;
    /**
     * Set once, by a volatile write, when the allocator closes. A confined allocator's owner reads
     * it plainly (the only thread that may call, and the one that closes); a shared allocator
     * reads it with acquire ({@link #isClosedAcquire()}). A volatile field would make the
     * confined allocate and free pay for ordering they do not need.
     */
    private boolean closed;

    /**
     * Makes an allocator.
     *
     * @param confined whether it belongs to the calling thread (GA-5)
     * @param tracking whether it records where each block was allocated, for leak reports (GA-6)
     * @param memory   where regions come from
     */
    public FfmGeneralAllocator(boolean confined, boolean tracking, NativeMemory memory) {
        this.owner = confined ? Thread.currentThread() : null;
        this.shared = !confined;
        this.tracking = tracking;
        this.memory = Objects.requireNonNull(memory, "memory");
        this.ownerHeap = confined ? newHeap(owner) : null;
        this.threadHeaps = confined ? null : new ThreadLocal<>();
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
        long checkedByteSize = Offsets.blockByteSize(Type.BYTE, byteSize);
        long alignment = AlignmentContext.effectiveAlignment(Type.BYTE, byteAlignment);
        return allocateUnchecked(heap, Type.BYTE, checkedByteSize, alignment, Page.FIXED, true, site());
    }

    private MemorySegment allocateChecked(String what, Type type, long count, long byteAlignment, int kind,
                                          boolean zero) {
        Heap heap = enter(what);
        Objects.requireNonNull(type, "type");
        long byteSize = Offsets.blockByteSize(type, count);
        long alignment = AlignmentContext.effectiveAlignment(type, byteAlignment);
        return allocateUnchecked(heap, type, byteSize, alignment, kind, zero, site());
    }

    private MemorySegment allocateUnchecked(Heap heap, Type type, long byteSize, long alignment, int kind,
                                            boolean zero, List<StackTraceElement> site) {
        int sizeClass = SizeClasses.classOf(slotByteSize(byteSize, kind), alignment);
        if (sizeClass < 0) {
            return allocateLarge(type, byteSize, alignment, kind == Page.GROWABLE, zero, site);
        }
        MemorySegment block = allocateSmall(heap, sizeClass, type, (int) byteSize, alignment, kind, site, shared);
        if (zero) {
            block.fill((byte) 0);
        }
        return block;
    }

    /**
     * The slot size a block asks for: its byte size, doubled for a small growable block so that
     * the next doubling grows in place (a vector's, or any grow-by-doubling loop's, moves halve).
     */
    private static long slotByteSize(long byteSize, int kind) {
        return kind == Page.GROWABLE && byteSize <= SizeClasses.SMALL_BYTE_SIZE_MAX / 2 ? byteSize * 2 : byteSize;
    }

    private static MemorySegment allocateSmall(Heap heap, int sizeClass, Type type, int byteSize, long alignment,
                                               int kind, List<StackTraceElement> site, boolean atomic) {
        Page page = heap.pageWithFree(sizeClass);
        int slot = page.popFree();
        page.claim(slot, type, byteSize, Long.numberOfTrailingZeros(alignment), kind, site, atomic);
        heap.allocatedBlockCount++;
        heap.allocatedByteSize += byteSize;
        return page.segment.asSlice((long) slot * page.slotByteSize, byteSize);
    }

    private MemorySegment allocateLarge(Type type, long byteSize, long alignment, boolean growable, boolean zero,
                                        List<StackTraceElement> site) {
        long capacity = (byteSize + SizeClasses.PAGE_BYTE_SIZE - 1) & -SizeClasses.PAGE_BYTE_SIZE;
        Arena blockArena = Arena.ofShared();
        MemorySegment region = obtainRegion(capacity, blockArena);
        LargeBlock large = new LargeBlock(region, this, blockArena, byteSize, alignment, growable, type,
                site == null ? List.of() : site);
        synchronized (largeLock) {
            table.enter(large, capacity);
            largeBlocks.add(large);
            largeByteSize += byteSize;
        }
        MemorySegment block = large.block();
        if (zero) {
            block.fill((byte) 0);
        }
        return block;
    }

    /** {@return a new chunk, entered in the region table} @throws dev.cairn.fault.AllocationFault (GA-7) */
    Chunk newChunk() {
        Chunk chunk = new Chunk(obtainRegion(RegionTable.FRAME_BYTE_SIZE, arena), this);
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
        Destruction.rethrow(freeChecked(block, "free"));
    }

    /** The freer (DS-5): a live block, or a zero-length segment carrying its address, is freed. */
    private void freeItem(MemorySegment item) {
        enterAnyHeap("freer");
        MemorySegment block = item.byteSize() == 0 ? blockAt(item, "freer") : item;
        Destruction.rethrow(freeChecked(block, "freer"));
    }

    private Throwable freeChecked(MemorySegment block, String what) {
        Heap caller = owner != null ? ownerHeap : threadHeaps.get();
        Page page = recentPageHolding(caller, block);
        if (page == null) {
            Region region = regionOf(block, what);
            if (!(region instanceof Chunk chunk)) {
                return freeLarge((LargeBlock) region, block, what);
            }
            page = chunk.pageAt(block.address());
            if (page != null && page.heap == caller) {
                caller.rememberPage(page);
            }
        }
        int slot = slotOf(page, block, what);
        long live = checkLive(page, slot, block, true, what);
        if (!page.unclaim(slot, live, shared)) {
            throw GeneralFaults.foreignBlock(what, block, "another thread freed or resized it first");
        }
        return releaseSmall(page, slot, live, block, true, null);
    }

    /**
     * {@return the calling thread's heap's recent page if it holds {@code block}'s address, else
     * null}: a free that finds it skips the region table, and what it reads does not depend on the
     * address (the address only picks a branch), so consecutive frees need not wait on each other.
     *
     * @param caller the calling thread's heap, or null if it has none (a shared allocator's thread
     *               that never allocated)
     */
    private static Page recentPageHolding(Heap caller, MemorySegment block) {
        return caller != null && Objects.requireNonNull(block, "block").isNative()
                ? caller.recentPageHolding(block.address()) : null;
    }

    /** {@return the live block whose address {@code item} carries} @throws ForeignBlockFault if none */
    private MemorySegment blockAt(MemorySegment item, String what) {
        Region region = regionOf(item, what);
        if (region instanceof Chunk chunk) {
            Page page = chunk.pageAt(item.address());
            int slot = slotOf(page, item, what);
            checkLive(page, slot, item, false, what);
            return page.block(slot);
        }
        LargeBlock large = (LargeBlock) region;
        synchronized (largeLock) {
            checkLarge(large, item, false, what);
            return large.block();
        }
    }

    private Throwable freeLarge(LargeBlock large, MemorySegment block, String what) {
        synchronized (largeLock) {
            checkLarge(large, block, true, what);
            unlistLarge(large);
        }
        return releaseLarge(large, true, null);
    }

    /**
     * Destroys (if asked) and releases a small block this thread just unclaimed. {@code pending}
     * is the failure already pending in the caller's operation: later destructor failures are
     * suppressed into the first one directly, never nested (DS-4), whether the operation frees one
     * block or closes many.
     *
     * @param live the slot's metadata before the unclaim
     * @return the first destructor failure, or null
     */
    private Throwable releaseSmall(Page page, int slot, long live, MemorySegment block, boolean destroy,
                                   Throwable pending) {
        int byteSize = Page.byteSizeOf(live);
        Throwable failure = destroy && Page.destroys(live) ? destroyAll(page.types[slot], block, byteSize, pending)
                : pending;
        if (page.sites != null) {
            page.sites[slot] = null;
        }
        Heap heap = page.heap;
        if (!shared || heap.thread == Thread.currentThread()) { // a confined allocator's only heap is the owner's
            heap.freeLocal(page, slot);
            heap.freedBlockCount++;
            heap.freedByteSize += byteSize;
        } else {
            heap.freeRemote(page, slot, byteSize);
        }
        return failure;
    }

    private static Throwable destroyAll(Type type, MemorySegment block, long byteSize, Throwable pending) {
        return Destruction.destroyElements(type, block, 0, byteSize / type.byteSize(), pending);
    }

    private void unlistLarge(LargeBlock large) {
        large.live = false;
        largeBlocks.remove(large);
        table.remove(large, large.capacity);
        largeByteSize -= large.byteSize;
    }

    /** Destroys (if asked) and releases a large block; {@code pending} as in {@link #releaseSmall}. */
    private Throwable releaseLarge(LargeBlock large, boolean destroy, Throwable pending) {
        Throwable failure = destroy && large.type.hasDestructor()
                ? destroyAll(large.type, large.block(), large.byteSize, pending) : pending;
        large.arena.close();
        memory.release(large.base, large.capacity);
        return failure;
    }

    @Override
    public MemorySegment resize(MemorySegment block, long count) {
        Heap heap = enter("resize");
        if (count < 1) {
            throw GeneralFaults.countBelowOne(count);
        }
        Region region = regionOf(block, "resize");
        if (region instanceof Chunk chunk) {
            Page page = chunk.pageAt(block.address());
            int slot = slotOf(page, block, "resize");
            long live = checkLive(page, slot, block, true, "resize");
            Type type = page.types[slot];
            long byteSize = Offsets.blockByteSize(type, count);
            if (Page.kindOf(live) != Page.GROWABLE) {
                throw GeneralFaults.fixedSize(block, type);
            }
            return resizeSmall(heap, page, slot, live, block, byteSize);
        }
        LargeBlock large = (LargeBlock) region;
        synchronized (largeLock) {
            checkLarge(large, block, true, "resize");
        }
        long byteSize = Offsets.blockByteSize(large.type, count);
        if (!large.growable) {
            throw GeneralFaults.fixedSize(block, large.type);
        }
        return resizeLarge(heap, large, block, byteSize);
    }

    private MemorySegment resizeSmall(Heap heap, Page page, int slot, long live, MemorySegment block, long byteSize) {
        Type type = page.types[slot];
        long oldByteSize = Page.byteSizeOf(live);
        if (byteSize <= page.slotByteSize) {
            if (!page.resizeInPlace(slot, live, (int) byteSize, shared)) {
                throw GeneralFaults.foreignBlock("resize", block, "another thread freed or resized it first");
            }
            Throwable failure = byteSize < oldByteSize
                    ? Destruction.destroyElements(type, block, byteSize / type.byteSize(), oldByteSize / type.byteSize(), null)
                    : null;
            heap.allocatedByteSize += byteSize - oldByteSize;
            MemorySegment resized = page.block(slot);
            zeroFrom(resized, oldByteSize);
            Destruction.rethrow(failure);
            return resized;
        }
        if (!page.unclaim(slot, live, shared)) {
            throw GeneralFaults.foreignBlock("resize", block, "another thread freed or resized it first");
        }
        @SuppressWarnings("unchecked")
        List<StackTraceElement> site = page.sites == null ? null : (List<StackTraceElement>) page.sites[slot];
        MemorySegment moved;
        try {
            moved = allocateUnchecked(heap, type, byteSize, Page.alignmentOf(live), Page.GROWABLE, false, site);
        } catch (RuntimeException noMemory) {
            page.reclaim(slot, live);
            throw noMemory;
        }
        MemorySegment.copy(block, 0, moved, 0, oldByteSize);
        zeroFrom(moved, oldByteSize);
        releaseSmall(page, slot, live, block, false, null);
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
        releaseLarge(large, false, null);
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
        Region region = regionOf(block, "isGrowable");
        if (region instanceof Chunk chunk) {
            Page page = chunk.pageAt(block.address());
            return Page.kindOf(checkLive(page, slotOf(page, block, "isGrowable"), block, true, "isGrowable"))
                    == Page.GROWABLE;
        }
        synchronized (largeLock) {
            checkLarge((LargeBlock) region, block, true, "isGrowable");
            return ((LargeBlock) region).growable;
        }
    }

    @Override
    public Type typeOf(MemorySegment block) {
        enterAnyHeap("typeOf");
        Region region = regionOf(block, "typeOf");
        if (region instanceof Chunk chunk) {
            Page page = chunk.pageAt(block.address());
            int slot = slotOf(page, block, "typeOf");
            checkLive(page, slot, block, true, "typeOf");
            return page.types[slot];
        }
        synchronized (largeLock) {
            checkLarge((LargeBlock) region, block, true, "typeOf");
            return ((LargeBlock) region).type;
        }
    }

    // ---- block checks (GA-4): Java metadata only, never the block's memory ----------------------

    private Region regionOf(MemorySegment block, String what) {
        if (!Objects.requireNonNull(block, "block").isNative()) {
            throw GeneralFaults.foreignBlock(what, block, "it is a heap segment");
        }
        Region region = table.lookup(block.address());
        if (region == null || region.allocator != this) {
            throw GeneralFaults.foreignBlock(what, block, "no region of this allocator holds its address");
        }
        return region;
    }

    /** {@return the slot of {@code page} that starts at {@code block}'s address} @throws ForeignBlockFault if none */
    private static int slotOf(Page page, MemorySegment block, String what) {
        int slot = page == null ? -1 : page.slotAt(block.address());
        if (slot < 0) {
            throw GeneralFaults.foreignBlock(what, block, "its address is not the start of a block");
        }
        return slot;
    }

    /**
     * Checks that {@code slot} holds a live block and, if {@code exact}, that {@code block} is it
     * exactly: its byte size and this allocator's scope (else only its address counts).
     *
     * @return the slot's live metadata
     */
    private long checkLive(Page page, int slot, MemorySegment block, boolean exact, String what) {
        long live = page.metaOf(slot, shared);
        if (Page.kindOf(live) == Page.FREE) {
            throw GeneralFaults.foreignBlock(what, block, "it is not live (freed, or never allocated)");
        }
        if (exact && (block.byteSize() != Page.byteSizeOf(live) || !scope.equals(block.scope()))) {
            throw GeneralFaults.foreignBlock(what, block, "the live block there has byteSize="
                    + Page.byteSizeOf(live) + " and this allocator's scope");
        }
        return live;
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
        if (isClosedAcquire()) {
            return 0;
        }
        long total = 0;
        synchronized (heaps) {
            for (Heap heap : heaps) {
                total += bytes ? heap.allocatedByteSize - heap.freedByteSize - heap.remoteFreedByteSize.get()
                        : heap.allocatedBlockCount - heap.freedBlockCount - heap.remoteFreedBlockCount.get();
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
        return isClosedAcquire();
    }

    /** {@return whether the allocator is closed, read with acquire: any thread} */
    private boolean isClosedAcquire() {
        return (boolean) CLOSED.getAcquire(this);
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
            CLOSED.setVolatile(this, true);
            arena.close();
            releaseChunks();
            detachHeaps();
            Destruction.rethrow(failure);
            return LeakReport.of(leaks);
        }
    }

    @Override
    public void close() {
        LeakReport report = closeAndReport();
        if (!report.isEmpty()) {
            List<LeakReport.Leak> first = report.leaks().subList(0, Math.min(LOGGED_LEAK_COUNT_MAX, report.leaks().size()));
            LOGGER.log(System.Logger.Level.WARNING, "general allocator closed with leaks: blockCount={0} byteSize={1},"
                    + " the first {2}: {3}", report.blockCount(), report.byteSize(), first.size(), first);
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
        for (int slot = 0; slot < page.usedSlotCount(); slot++) {
            long live = page.metaOf(slot, shared);
            if (Page.kindOf(live) == Page.FREE) {
                continue;
            }
            MemorySegment block = page.block(slot);
            if (page.unclaim(slot, live, shared)) {
                @SuppressWarnings("unchecked")
                List<StackTraceElement> site = page.sites == null ? null : (List<StackTraceElement>) page.sites[slot];
                leaks.add(leak(page.types[slot], Page.byteSizeOf(live), site));
                failure = releaseSmall(page, slot, live, block, true, failure);
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
            failure = releaseLarge(large, true, failure);
        }
    }

    private static LeakReport.Leak leak(Type type, long byteSize, List<StackTraceElement> site) {
        return new LeakReport.Leak(type, byteSize / type.byteSize(), byteSize, site == null ? List.of() : site);
    }

    private void releaseChunks() {
        synchronized (heaps) {
            for (Heap heap : heaps) {
                for (Chunk chunk : heap.chunks) {
                    table.remove(chunk, RegionTable.FRAME_BYTE_SIZE); // before the memory can be reused
                    memory.release(chunk.base, RegionTable.FRAME_BYTE_SIZE);
                }
            }
        }
    }

    /**
     * Cuts every heap loose from this closed allocator, so that the thread-local maps of threads
     * that used it, which keep their heaps while they live, do not keep the allocator reachable.
     */
    private void detachHeaps() {
        if (threadHeaps != null) {
            threadHeaps.remove();
        }
        synchronized (heaps) {
            heaps.forEach(Heap::detach);
        }
    }

    // ---- entry checks --------------------------------------------------------------------------

    /** Checks thread and state; {@return the heap the calling thread allocates from} */
    private Heap enter(String what) {
        enterAnyHeap(what);
        return owner != null ? ownerHeap : threadHeap();
    }

    /**
     * {@return the calling thread's heap of a shared allocator, which it gets on its first
     * allocation} A free reads {@link #threadHeaps} without this, so a thread that only frees
     * gets no heap (its thread-local map keeps an entry holding null).
     */
    private Heap threadHeap() {
        Heap heap = threadHeaps.get();
        if (heap == null) {
            heap = adoptOrNewHeap();
            threadHeaps.set(heap);
        }
        return heap;
    }

    /** Checks thread and state: the owner reads {@link #closed} plainly, other threads with acquire. */
    private void enterAnyHeap(String what) {
        if (owner != null) {
            if (Thread.currentThread() != owner) {
                throw GeneralFaults.wrongThread(what, owner);
            }
            if (closed) {
                throw GeneralFaults.closed(what);
            }
        } else if (isClosedAcquire()) {
            throw GeneralFaults.closed(what);
        }
    }

    /** {@return the heap of a thread that ended, now the calling thread's, or else a new heap} */
    private Heap adoptOrNewHeap() {
        Thread current = Thread.currentThread();
        synchronized (heaps) {
            for (Heap heap : heaps) {
                if (!heap.thread.isAlive()) {
                    heap.thread = current;
                    return heap;
                }
            }
        }
        return newHeap(current);
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
                        heap.checkListing(page);
                        for (int slot = 0; slot < page.slotCount; slot++) {
                            long meta = page.metas[slot];
                            if (Page.kindOf(meta) != Page.FREE) {
                                liveSlots++;
                                liveBytes += Page.byteSizeOf(meta);
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
        if (!isClosedAcquire() && (liveSlots != liveBlockCount() || liveBytes != liveByteSize())) {
            throw new IllegalStateException("liveSlots=" + liveSlots + " liveBytes=" + liveBytes + " but liveBlockCount="
                    + liveBlockCount() + " liveByteSize=" + liveByteSize());
        }
        return true;
    }
}
