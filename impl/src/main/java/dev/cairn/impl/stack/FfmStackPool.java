package dev.cairn.impl.stack;

import dev.cairn.AlignmentContext;
import dev.cairn.Destruction;
import dev.cairn.LeakReport;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.impl.StackPoolOptions;
import dev.cairn.impl.internal.Offsets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cairn's FFM stack pool (SP-1..SP-9): a bump pointer over one segment with a small record per
 * live block, so that pops are checked for LIFO order exactly (SP-4) at the cost of a compare.
 *
 * <pre>
 *   memory   [ block 0 |pad| block 1 | block 2 |............ free ............]
 *   records    offset[0]     offset[1] offset[2]  (+ topBefore[i], type[i])
 *   frames     blockIndex at mark, serial           top = end of block 2
 * </pre>
 *
 * <p><b>Invariants</b> (checked by {@link #checkInvariants()}, in O(1) form by {@link
 * #topInvariantHolds()} after every operation when assertions are on):
 * <ol>
 *   <li>{@code top} is the end of the top live block, or 0 when none is live; {@code 0 <= top <=
 *       byteCapacity} ({@link #topInvariantHolds()}).</li>
 *   <li>Live blocks lie in push order: each record's top-before is the end of the block below
 *       it, each block starts after less padding than {@link AlignmentContext#CEILING_BYTE_ALIGNMENT}
 *       and has at least one byte ({@link #blocksAreOrdered()}).</li>
 *   <li>Open frames are nested: their first block indexes never decrease from outer to inner and
 *       never exceed the live block count ({@link #framesAreNested()}).</li>
 *   <li>The count of live blocks whose type has a destructor is exact ({@link
 *       #destructibleCountIsExact()}).</li>
 * </ol>
 *
 * <p><b>Fast path.</b> A push checks owner thread and state (one compare each), the byte size
 * ({@link Type#blockByteSize}), the effective alignment ({@link AlignmentContext#effectiveAlignment},
 * one scoped-value lookup), and the fit; then it writes two {@code long} slots (and the type's
 * slot only when it holds another type: a reference store costs a GC write barrier) and bumps
 * {@code top}. A pop compares the segment's address and size with the top record and restores
 * {@code top} from it. A popped block's type slot keeps its reference until a push of another
 * type reuses it or the pool closes. Closing a frame when no live block has a destructor (a count
 * kept per push and pop) and debug mode is off restores {@code top} from the frame's first record
 * at once, whatever the number of blocks in the frame. Neither allocates on the heap
 * once the record arrays have grown to the pool's working depth; frames are small objects the
 * pool does not retain, which the JIT keeps off the heap in a try-with-resources block.
 *
 * <p><b>Debug mode</b> ({@link StackPoolOptions#debug()}): each push also records its allocation
 * site (reported by {@link #closeAndReport()}) and hands out the block scoped to an arena of its
 * own; a pop poisons the block with {@link StackPoolOptions#POISON_BYTE} and closes that arena. It
 * catches: a read or write through a popped block (throws {@link IllegalStateException}), a pop of
 * a stale handle whose place a later push took (LIFO fault), native code handed a popped block's
 * address (sees the poison), and where each leaked block came from. It costs an arena and a stack
 * walk per push (see {@code docs/architecture.md}, "Stack pool", for measured figures).
 *
 * <p><b>Reentry.</b> A destructor runs while its block is still live (DS-2); during that time a
 * push, pop, mark, frame close or close on the same pool is a {@link dev.cairn.fault.LifoFault}
 * (SP-4). Calls on other pools and allocators are free (DS-3).
 *
 * <p><b>Confinement.</b> Every method except {@link #owner()} throws {@link WrongThreadException}
 * when called from a thread other than the owner (SP-7). Owned memory is allocated in a confined
 * arena of the owner thread, so blocks cannot be accessed from other threads either.
 *
 * <p><b>Application memory</b> (SP-1): the pool writes only the bytes of blocks it hands out
 * (zero fill, debug poison) and never frees the segment.
 */
public final class FfmStackPool implements StackPool {

    /**
     * The largest byte capacity of a pool, 2<sup>50</sup> bytes (1 PiB): an offset then fits in a
     * block record beside its padding ({@link #record}), and offsets plus sizes never overflow.
     */
    public static final long BYTE_CAPACITY_MAX = 1L << 50;

    /** The bits of a block record that hold the padding before the block: below the ceiling alignment. */
    private static final int PADDING_BITS = Long.numberOfTrailingZeros(AlignmentContext.CEILING_BYTE_ALIGNMENT);
    private static final long PADDING_MASK = (1L << PADDING_BITS) - 1;

    private static final int OPEN = 0;
    private static final int DESTROYING = 1;
    private static final int CLOSED = 2;
    private static final int INITIAL_RECORD_COUNT = 16;
    private static final System.Logger LOGGER = System.getLogger(FfmStackPool.class.getName());

    private final MemorySegment memory;
    private final Arena ownedArena;
    private final long byteCapacity;
    private final Thread owner;
    private final int blockCountMax;
    private final int frameCountMax;
    private final DebugRecords debug;

    private int state = OPEN;
    /** The owner while the pool is open, {@code null} otherwise: one compare checks both (SP-7, SP-8). */
    private Thread usableBy;
    private long top;
    private int blockCount;
    private int destructibleBlockCount;
    // Record arrays start at min(INITIAL_RECORD_COUNT, limit): a push or mark finds them full
    // exactly at the limit too, and only then checks it (SP-3).
    /** Per live block, its offset and the padding before it, packed by {@link #record}. */
    private long[] blockRecords;
    private Type[] blockTypes;
    private int frameCount;
    /** The index of the innermost open frame's first block, 0 when no frame is open. */
    private int frameFloor;
    private long[] frameSerials;
    private long frameSerialLast;

    private FfmStackPool(MemorySegment memory, Arena ownedArena, StackPoolOptions options) {
        this.memory = memory;
        this.ownedArena = ownedArena;
        this.byteCapacity = memory.byteSize();
        this.owner = Thread.currentThread();
        this.usableBy = owner;
        this.blockCountMax = options.blockCountMax();
        this.frameCountMax = options.frameCountMax();
        int blockRecords = Math.min(INITIAL_RECORD_COUNT, blockCountMax);
        this.blockRecords = new long[blockRecords];
        this.blockTypes = new Type[blockRecords];
        this.frameSerials = new long[Math.min(INITIAL_RECORD_COUNT, frameCountMax)];
        this.debug = options.debug() ? new DebugRecords(blockRecords) : null;
    }

    /**
     * Makes a pool that owns {@code byteCapacity} bytes, aligned to {@link
     * AlignmentContext#CEILING_BYTE_ALIGNMENT}, of a confined arena it closes at close (SP-1).
     *
     * @param byteCapacity the byte size, in {@code [1, Type.BLOCK_BYTE_SIZE_MAX]} as for every
     *                     pool; this implementation holds at most {@link #BYTE_CAPACITY_MAX}
     * @param options      limits and debug mode
     * @return the pool, owned by the calling thread
     * @throws dev.cairn.fault.ArgumentFault   (SP-1) if {@code byteCapacity} is outside {@code [1,
     *                                         Type.BLOCK_BYTE_SIZE_MAX]}
     * @throws dev.cairn.fault.AllocationFault (SP-1) if the memory cannot be had, which includes a
     *                                         capacity above {@link #BYTE_CAPACITY_MAX}
     */
    public static FfmStackPool owning(long byteCapacity, StackPoolOptions options) {
        if (byteCapacity < 1 || byteCapacity > Type.BLOCK_BYTE_SIZE_MAX) {
            throw StackPoolFaults.byteCapacityOutOfRange(byteCapacity, Type.BLOCK_BYTE_SIZE_MAX);
        }
        if (byteCapacity > BYTE_CAPACITY_MAX) {
            throw StackPoolFaults.beyondImplementation(byteCapacity, BYTE_CAPACITY_MAX);
        }
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment memory = arena.allocate(byteCapacity, AlignmentContext.CEILING_BYTE_ALIGNMENT);
            return new FfmStackPool(memory, arena, options);
        } catch (OutOfMemoryError | IllegalArgumentException cannotAllocate) {
            arena.close();
            throw StackPoolFaults.noMemory(byteCapacity, cannotAllocate);
        }
    }

    /**
     * Makes a pool over application-supplied memory, which it never frees and never touches
     * outside the blocks it hands out (SP-1). Block offsets are aligned relative to the segment's
     * address: block addresses are aligned when the segment's address is aligned at least as much.
     *
     * @param memory  native, writable memory accessible by the calling thread, at most {@code
     *                BYTE_CAPACITY_MAX} bytes
     * @param options limits and debug mode
     * @return the pool, owned by the calling thread
     * @throws dev.cairn.fault.ArgumentFault (SP-1) if the segment is not native, is read-only, is
     *                                       not accessible by this thread, or is too large
     */
    public static FfmStackPool over(MemorySegment memory, StackPoolOptions options) {
        if (!memory.isNative()) {
            throw StackPoolFaults.unusableMemory(memory, "is not native memory");
        }
        if (memory.isReadOnly()) {
            throw StackPoolFaults.unusableMemory(memory, "is read-only");
        }
        if (!memory.isAccessibleBy(Thread.currentThread())) {
            throw StackPoolFaults.unusableMemory(memory, "is not accessible by thread=" + Thread.currentThread().getName());
        }
        if (memory.byteSize() > BYTE_CAPACITY_MAX) {
            throw StackPoolFaults.unusableMemory(memory, "exceeds byteCapacityMax=" + BYTE_CAPACITY_MAX);
        }
        return new FfmStackPool(memory, null, options);
    }

    // ---- push -------------------------------------------------------------------------------

    @Override
    public MemorySegment push(Type type, long count) {
        return push(type, count, 1);
    }

    @Override
    public MemorySegment push(Type type, long count, long byteAlignment) {
        checkUsable("StackPool.push");
        return pushChecked(type, Offsets.blockByteSize(type, count), AlignmentContext.effectiveAlignment(type, byteAlignment))
                .fill((byte) 0);
    }

    @Override
    public MemorySegment pushUninitialized(Type type, long count, long byteAlignment) {
        checkUsable("StackPool.pushUninitialized");
        return pushChecked(type, Offsets.blockByteSize(type, count), AlignmentContext.effectiveAlignment(type, byteAlignment));
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        checkUsable("StackPool.allocate");
        if (byteSize < 1) {
            throw StackPoolFaults.byteSizeBelowOne(byteSize);
        }
        return pushChecked(Type.BYTE, Offsets.blockByteSize(Type.BYTE, byteSize),
                AlignmentContext.effectiveAlignment(Type.BYTE, byteAlignment))
                .fill((byte) 0);
    }

    /** The unchecked worker of every push: arguments are valid, the pool is open and ours. */
    private MemorySegment pushChecked(Type type, long byteSize, long byteAlignment) {
        long before = top;
        long offset = Offsets.alignUp(before, byteAlignment);
        int index = blockCount;
        if (byteSize > byteCapacity - offset || index == blockRecords.length) {
            ensureRoom(type, byteSize, byteAlignment, offset);
        }
        blockRecords[index] = record(offset, before);
        if (blockTypes[index] != type) {
            blockTypes[index] = type;
        }
        if (type.hasDestructor()) {
            destructibleBlockCount++;
        }
        blockCount = index + 1;
        top = offset + byteSize;
        assert topInvariantHolds();
        MemorySegment block = memory.asSlice(offset, byteSize);
        return debug == null ? block : debug.handOut(index, block);
    }

    /** Slow path of a push: throws if the block does not fit, grows the records if they are full. */
    private void ensureRoom(Type type, long byteSize, long byteAlignment, long offset) {
        if (byteSize > byteCapacity - offset) {
            throw StackPoolFaults.doesNotFit(type, byteSize, byteAlignment, top, byteCapacity);
        }
        if (blockCount == blockCountMax) {
            throw StackPoolFaults.tooManyBlocks(blockCountMax);
        }
        int grown = (int) Math.min((long) blockRecords.length * 2, blockCountMax);
        blockRecords = Arrays.copyOf(blockRecords, grown);
        blockTypes = Arrays.copyOf(blockTypes, grown);
        if (debug != null) {
            debug.grow(grown);
        }
    }

    /** {@return a block record: the offset above the padding bits, the padding below} */
    private static long record(long offset, long topBefore) {
        return offset << PADDING_BITS | (offset - topBefore);
    }

    private long blockOffset(int index) {
        return blockRecords[index] >>> PADDING_BITS;
    }

    private long blockTopBefore(int index) {
        long record = blockRecords[index];
        return (record >>> PADDING_BITS) - (record & PADDING_MASK);
    }

    // ---- pop --------------------------------------------------------------------------------

    @Override
    public void pop(MemorySegment block) {
        checkUsable("StackPool.pop");
        int index = blockCount - 1;
        if (index < 0 || !isRecordOf(index, block) || index < frameFloor) {
            throw popFault(index, block);
        }
        Throwable failure = popTop(null);
        if (failure != null) {
            Destruction.rethrow(failure);
        }
    }

    private boolean isRecordOf(int index, MemorySegment block) {
        long offset = blockOffset(index);
        return block.isNative()
                && block.address() == memory.address() + offset
                && block.byteSize() == top - offset
                && (debug == null || debug.isCurrentHandle(index, block));
    }

    private RuntimeException popFault(int index, MemorySegment block) {
        long offset = index < 0 ? 0 : blockOffset(index);
        if (index < 0 || block.address() != memory.address() + offset
                || block.byteSize() != top - offset || !block.isNative()) {
            long topAddress = index < 0 ? 0 : memory.address() + offset;
            return StackPoolFaults.notTop(block, blockCount, topAddress, index < 0 ? 0 : top - offset);
        }
        if (index >= frameFloor) {
            return StackPoolFaults.staleHandle(block, index);
        }
        return StackPoolFaults.belowFrame(index, frameCount - 1, frameFloor);
    }

    /**
     * The unchecked worker of every pop: destroys the top block's elements (DS-1, DS-2), then
     * restores {@code top} (SP-4). Destructor failures are collected, not thrown (DS-4).
     *
     * @param pending the failure already pending, or {@code null}
     * @return the first failure, later ones suppressed, or {@code null}
     */
    private Throwable popTop(Throwable pending) {
        int index = blockCount - 1;
        Type type = blockTypes[index];
        if (type.hasDestructor()) {
            destructibleBlockCount--;
            pending = destroyAndRetire(index, type, pending);
        } else if (debug != null) {
            pending = destroyAndRetire(index, type, pending);
        }
        blockCount = index;
        top = blockTopBefore(index);
        assert topInvariantHolds();
        return pending;
    }

    private Throwable destroyAndRetire(int index, Type type, Throwable pending) {
        long byteSize = blockByteSize(index);
        MemorySegment block = memory.asSlice(blockOffset(index), byteSize);
        setState(DESTROYING);
        try {
            pending = Destruction.destroyElements(type, block, 0, byteSize / type.byteSize(), pending);
        } finally {
            setState(OPEN);
        }
        if (debug != null) {
            debug.retire(index, block);
        }
        return pending;
    }

    // ---- frames -----------------------------------------------------------------------------

    @Override
    public Frame mark() {
        checkUsable("StackPool.mark");
        int depth = frameCount;
        if (depth == frameSerials.length) {
            growFrames();
        }
        long serial = ++frameSerialLast;
        frameSerials[depth] = serial;
        frameCount = depth + 1;
        int outerFloor = frameFloor;
        frameFloor = blockCount;
        return new StackFrame(this, depth, serial, top, blockCount, outerFloor);
    }

    private void growFrames() {
        if (frameCount == frameCountMax) {
            throw StackPoolFaults.tooManyFrames(frameCountMax);
        }
        int grown = (int) Math.min((long) frameSerials.length * 2, frameCountMax);
        frameSerials = Arrays.copyOf(frameSerials, grown);
    }

    boolean isFrameOpen(int depth, long serial) {
        checkOwner("StackPool.Frame.isOpen");
        return depth < frameCount && frameSerials[depth] == serial;
    }

    /**
     * Closes a frame: pops its blocks (SP-6).
     *
     * @param depth          the frame's depth, as {@link #mark()} gave it
     * @param serial         its serial
     * @param firstBlockIndex the live block count when it was marked (its first block's index)
     * @param outerFloor     the first block index of the frame around it, 0 if none
     */
    void closeFrame(int depth, long serial, int firstBlockIndex, int outerFloor) {
        checkUsable("StackPool.Frame.close");
        if (depth != frameCount - 1 || frameSerials[depth] != serial) {
            throw StackPoolFaults.frameNotInnermost(depth, isFrameOpen(depth, serial), frameCount);
        }
        if (destructibleBlockCount == 0 && debug == null) {
            dropBlocksFrom(firstBlockIndex);
            closed(depth, outerFloor);
            return;
        }
        Throwable pending = null;
        while (blockCount > firstBlockIndex) {
            pending = popTop(pending);
        }
        closed(depth, outerFloor);
        Destruction.rethrow(pending);
    }

    private void closed(int depth, int outerFloor) {
        frameCount = depth;
        frameFloor = outerFloor;
    }

    /** Pops blocks {@code firstBlockIndex..} at once: none has a destructor and debug mode is off. */
    private void dropBlocksFrom(int firstBlockIndex) {
        if (blockCount > firstBlockIndex) {
            top = blockTopBefore(firstBlockIndex);
            blockCount = firstBlockIndex;
        }
        assert topInvariantHolds();
    }

    // ---- close ------------------------------------------------------------------------------

    @Override
    public LeakReport closeAndReport() {
        checkOwner("StackPool.close");
        if (state == CLOSED) {
            return LeakReport.NONE;
        }
        if (state == DESTROYING) {
            throw StackPoolFaults.reentered("StackPool.close", blockCount - 1);
        }
        List<LeakReport.Leak> leaks = new ArrayList<>(blockCount);
        Throwable pending = null;
        while (blockCount > 0) {
            leaks.add(leakOf(blockCount - 1));
            pending = popTop(pending);
        }
        frameCount = 0;
        frameFloor = 0;
        destructibleBlockCount = 0;
        Arrays.fill(blockTypes, null);
        setState(CLOSED);
        if (ownedArena != null) {
            ownedArena.close();
        }
        Destruction.rethrow(pending);
        return LeakReport.of(leaks);
    }

    private LeakReport.Leak leakOf(int index) {
        Type type = blockTypes[index];
        long byteSize = blockByteSize(index);
        List<StackTraceElement> site = debug == null ? List.of() : debug.site(index);
        return new LeakReport.Leak(type, byteSize / type.byteSize(), byteSize, site);
    }

    @Override
    public void close() {
        LeakReport report = closeAndReport();
        if (!report.isEmpty()) {
            LOGGER.log(System.Logger.Level.WARNING, "StackPool closed with live blocks: {0}", report);
        }
    }

    // ---- state ------------------------------------------------------------------------------

    @Override
    public long top() {
        checkOwner("StackPool.top");
        return top;
    }

    @Override
    public long byteCapacity() {
        checkOwner("StackPool.byteCapacity");
        return byteCapacity;
    }

    @Override
    public int liveBlockCount() {
        checkOwner("StackPool.liveBlockCount");
        return blockCount;
    }

    @Override
    public int openFrameCount() {
        checkOwner("StackPool.openFrameCount");
        return frameCount;
    }

    @Override
    public boolean ownsMemory() {
        checkOwner("StackPool.ownsMemory");
        return ownedArena != null;
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public boolean isClosed() {
        checkOwner("StackPool.isClosed");
        return state == CLOSED;
    }

    /** {@return whether the debug mode is on} */
    public boolean isDebug() {
        checkOwner("StackPool.isDebug");
        return debug != null;
    }

    @Override
    public String toString() {
        return "StackPool[byteCapacity=" + byteCapacity + ", top=" + top + ", liveBlockCount=" + blockCount
                + ", openFrameCount=" + frameCount + ", ownsMemory=" + (ownedArena != null) + ", debug=" + (debug != null)
                + ", closed=" + (state == CLOSED) + "]";
    }

    // ---- checks -----------------------------------------------------------------------------

    private void checkUsable(String what) {
        if (Thread.currentThread() != usableBy) {
            throw rejection(what);
        }
    }

    private void setState(int newState) {
        state = newState;
        usableBy = newState == OPEN ? owner : null;
    }

    private void checkOwner(String what) {
        if (Thread.currentThread() != owner) {
            throw StackPoolFaults.wrongThread(what, owner);
        }
    }

    private RuntimeException rejection(String what) {
        if (Thread.currentThread() != owner) {
            return StackPoolFaults.wrongThread(what, owner);
        }
        return state == CLOSED ? StackPoolFaults.closed(what) : StackPoolFaults.reentered(what, blockCount - 1);
    }

    /**
     * Checks every invariant of the class comment, in time linear in the live blocks and frames.
     *
     * @throws IllegalStateException naming the first invariant that does not hold
     */
    public void checkInvariants() {
        checkOwner("StackPool.checkInvariants");
        if (!topInvariantHolds()) {
            throw new IllegalStateException("invariant 1 (top) broken: " + this);
        }
        if (!blocksAreOrdered()) {
            throw new IllegalStateException("invariant 2 (blocks ordered and aligned) broken: " + this);
        }
        if (!framesAreNested()) {
            throw new IllegalStateException("invariant 3 (frames nested) broken: " + this);
        }
        if (!destructibleCountIsExact()) {
            throw new IllegalStateException("invariant 4 (destructible block count) broken: " + this);
        }
    }

    /** {@return invariant 1: top is the end of the top live block (past its start), within capacity} */
    boolean topInvariantHolds() {
        boolean endOfTopBlock = blockCount == 0 ? top == 0 : top > blockOffset(blockCount - 1);
        return endOfTopBlock && top >= 0 && top <= byteCapacity;
    }

    /**
     * {@return invariant 2: blocks in push order, none overlapping, each at least one byte, each
     * after less padding than the largest alignment}
     */
    boolean blocksAreOrdered() {
        long end = 0;
        for (int index = 0; index < blockCount; index++) {
            long padding = blockOffset(index) - blockTopBefore(index);
            if (blockTopBefore(index) != end || padding < 0 || padding >= AlignmentContext.CEILING_BYTE_ALIGNMENT
                    || blockByteSize(index) < 1) {
                return false;
            }
            end = blockOffset(index) + blockByteSize(index);
        }
        return true;
    }

    /** {@return the byte size of live block {@code index}: up to the next block's top-before, or to top} */
    private long blockByteSize(int index) {
        return (index == blockCount - 1 ? top : blockTopBefore(index + 1)) - blockOffset(index);
    }

    /** {@return invariant 4: the count of live blocks with a destructor matches the records} */
    boolean destructibleCountIsExact() {
        int count = 0;
        for (int index = 0; index < blockCount; index++) {
            count += blockTypes[index].hasDestructor() ? 1 : 0;
        }
        return count == destructibleBlockCount;
    }

    /**
     * {@return invariant 3: frame serials increase from outer to inner frames, and the innermost
     * frame's first block index is within the live blocks (0 when no frame is open)}
     */
    boolean framesAreNested() {
        for (int depth = 1; depth < frameCount; depth++) {
            if (frameSerials[depth] <= frameSerials[depth - 1]) {
                return false;
            }
        }
        return frameFloor >= 0 && frameFloor <= blockCount && (frameCount > 0 || frameFloor == 0);
    }
}
