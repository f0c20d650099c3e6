package dev.cairn.model;

import dev.cairn.AlignmentContext;
import dev.cairn.Destruction;
import dev.cairn.LeakReport;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reference stack pool (SP-1..SP-9): a list of live blocks over one region of memory, the
 * top of stack and a list of open frames. Slow and plain on purpose.
 *
 * <p>Every operation checks, in the order of docs/spec.md, the thread (SP-7), that the pool is
 * open (SP-8), that no destructor the pool is running called it (SP-4), its arguments (TY-2, SP-9,
 * then AC-4) and the state (SP-4, SP-6, then SP-3: the live block and open frame limits, then the
 * bytes), throws the fault with no change, and only then changes the state. With assertions
 * enabled it then calls {@link #checkInvariants()}, whose conjuncts mirror the Alloy assertions,
 * one named check each: {@code checkBlockSizes} (TY-2), {@code checkNoOverlap} (GA-1), {@code
 * checkAlignedLiveBlocks} (AC-4, SP-2), {@code checkLifoOffsets} (SP-2, SP-4: each block sits at
 * {@code alignUp(top before its push, alignment)}), {@code checkTopIsEndOfLastBlock} (SP-2),
 * {@code checkWithinCapacity} (SP-3), {@code checkFramesNest} (SP-6), {@code
 * checkDestroyedExactlyOnce} (DS-1) and {@code checkClosedIsEmpty} (SP-8).
 *
 * <p>The pool belongs to the thread that made it. Owned memory comes from a confined {@link Arena}
 * aligned to {@link AlignmentContext#CEILING_BYTE_ALIGNMENT} and is freed at close;
 * application-supplied memory is never freed and never touched outside the blocks handed out
 * (SP-1). Its observable state, free of addresses, is {@link #state()}.
 */
public final class ModelStackPool implements StackPool {

    /** The default limit on live blocks and on open frames: 65,536 each (SP-3). */
    public static final int COUNT_MAX_DEFAULT = 1 << 16;

    /** The largest limit on live blocks or open frames that may be given: 2<sup>24</sup>. */
    public static final int COUNT_MAX_LIMIT = 1 << 24;


    /** A live block and the top before its push. */
    record Block(MemorySegment segment, long offset, long byteAlignment, Type type, long count,
                         long topBefore) {
        long end() {
            return offset + segment.byteSize();
        }
    }

    private final MemorySegment memory;
    private final Arena arena;
    private final Thread owner = Thread.currentThread();
    private final List<Block> blocks = new ArrayList<>();
    private final List<ModelFrame> frames = new ArrayList<>();
    private final int blockCountMax;
    private final int frameCountMax;
    private long top;
    private boolean destroying;
    private boolean closed;
    private long elementsCreated;
    private long elementsDestroyed;

    private ModelStackPool(MemorySegment memory, Arena arena, int blockCountMax, int frameCountMax) {
        this.memory = memory;
        this.arena = arena;
        this.blockCountMax = blockCountMax;
        this.frameCountMax = frameCountMax;
    }

    /**
     * Makes a pool that owns {@code byteCapacity} bytes, with the default limits on live blocks
     * and open frames ({@link #COUNT_MAX_DEFAULT}); see {@link #owning(long, int, int)}.
     *
     * @param byteCapacity the byte size of the pool's memory, in [1, {@link Type#BLOCK_BYTE_SIZE_MAX}]
     * @return the pool
     * @throws ArgumentFault   (SP-1) if {@code byteCapacity} is out of range
     * @throws AllocationFault (SP-1) if the memory cannot be had
     */
    public static ModelStackPool owning(long byteCapacity) {
        return owning(byteCapacity, COUNT_MAX_DEFAULT, COUNT_MAX_DEFAULT);
    }

    /**
     * Makes a pool on memory the application supplies, with the default limits ({@link
     * #COUNT_MAX_DEFAULT}); see {@link #on(MemorySegment, int, int)}.
     *
     * @param memory the pool's memory, writable, at least 1 byte
     * @return the pool, owned by the calling thread
     * @throws NullPointerException if {@code memory} is null
     * @throws ArgumentFault        (SP-1) if {@code memory} is empty or read-only
     */
    public static ModelStackPool on(MemorySegment memory) {
        return on(memory, COUNT_MAX_DEFAULT, COUNT_MAX_DEFAULT);
    }

    /**
     * Makes a pool that owns {@code byteCapacity} bytes of native memory, aligned to {@link
     * AlignmentContext#CEILING_BYTE_ALIGNMENT}, freed at close (SP-1). The calling thread owns it.
     *
     * @param byteCapacity  the byte size of the pool's memory, in [1, {@link Type#BLOCK_BYTE_SIZE_MAX}]
     * @param blockCountMax the largest number of live blocks, in [1, {@link #COUNT_MAX_LIMIT}]
     * @param frameCountMax the largest number of open frames, in [1, {@link #COUNT_MAX_LIMIT}]
     * @return the pool
     * @throws ArgumentFault   (SP-1) if an argument is out of range
     * @throws AllocationFault (SP-1) if the memory cannot be had
     */
    public static ModelStackPool owning(long byteCapacity, int blockCountMax, int frameCountMax) {
        checkLimits(blockCountMax, frameCountMax);
        if (byteCapacity < 1 || byteCapacity > Type.BLOCK_BYTE_SIZE_MAX) {
            throw ModelFaults.badLimit(Clause.SP_1, "byteCapacity=" + byteCapacity, "[1, " + Type.BLOCK_BYTE_SIZE_MAX + "]");
        }
        Arena arena = Arena.ofConfined();
        try {
            return new ModelStackPool(arena.allocate(byteCapacity, AlignmentContext.CEILING_BYTE_ALIGNMENT), arena,
                    blockCountMax, frameCountMax);
        } catch (OutOfMemoryError noMemory) {
            arena.close();
            throw ModelFaults.noMemory(Clause.SP_1, byteCapacity);
        }
    }

    /**
     * Makes a pool on memory the application supplies and keeps (SP-1). Block offsets are aligned
     * relative to the segment's start, so blocks are aligned whenever the segment is.
     *
     * @param memory        the pool's memory, writable, at least 1 byte
     * @param blockCountMax the largest number of live blocks, in [1, {@link #COUNT_MAX_LIMIT}]
     * @param frameCountMax the largest number of open frames, in [1, {@link #COUNT_MAX_LIMIT}]
     * @return the pool, owned by the calling thread
     * @throws NullPointerException if {@code memory} is null
     * @throws ArgumentFault        (SP-1) if {@code memory} is empty or read-only, or a limit is out
     *                              of range
     */
    public static ModelStackPool on(MemorySegment memory, int blockCountMax, int frameCountMax) {
        Objects.requireNonNull(memory, "memory");
        checkLimits(blockCountMax, frameCountMax);
        if (memory.byteSize() < 1 || memory.isReadOnly()) {
            throw ModelFaults.badMemory(memory);
        }
        return new ModelStackPool(memory, null, blockCountMax, frameCountMax);
    }

    private static void checkLimits(int blockCountMax, int frameCountMax) {
        if (blockCountMax < 1 || blockCountMax > COUNT_MAX_LIMIT || frameCountMax < 1 || frameCountMax > COUNT_MAX_LIMIT) {
            throw ModelFaults.badLimit(Clause.SP_1, "blockCountMax=" + blockCountMax + " frameCountMax=" + frameCountMax,
                    "[1, " + COUNT_MAX_LIMIT + "] both");
        }
    }

    @Override
    public MemorySegment push(Type type, long count) {
        return push(type, count, 1);
    }

    @Override
    public MemorySegment push(Type type, long count, long byteAlignment) {
        return pushUninitialized(type, count, byteAlignment).fill((byte) 0);
    }

    @Override
    public MemorySegment pushUninitialized(Type type, long count, long byteAlignment) {
        checkUsable("StackPool.push");
        Objects.requireNonNull(type, "type");
        long byteSize = type.blockByteSize(count);
        long alignment = AlignmentContext.effectiveAlignment(type, byteAlignment);
        long offset = ModelFaults.alignUp(top, alignment);
        if (blocks.size() == blockCountMax) {
            throw ModelFaults.atCountMax("liveBlockCount", blocks.size(), "blockCountMax", blockCountMax);
        }
        if (offset > memory.byteSize() - byteSize) {
            throw ModelFaults.doesNotFit(byteSize, offset, memory.byteSize(), top);
        }
        Block block = new Block(memory.asSlice(offset, byteSize), offset, alignment, type, count, top);
        blocks.add(block);
        top = block.end();
        elementsCreated += count;
        assert checkInvariants();
        return block.segment();
    }

    @Override
    public void pop(MemorySegment block) {
        checkUsable("StackPool.pop");
        Objects.requireNonNull(block, "block");
        if (blocks.isEmpty() || !ModelFaults.sameBlock(blocks.getLast().segment(), block)) {
            throw ModelFaults.notTop(block, blocks.size());
        }
        if (!frames.isEmpty() && blocks.size() - 1 < frames.getLast().depth) {
            throw ModelFaults.belowFrame(block, frames.getLast().markedTop);
        }
        Destruction.rethrow(popTop(null));
    }

    /** Pops the top block: destructors first (DS-1, DS-2), then top restored; returns the failure. */
    private Throwable popTop(Throwable pending) {
        Block block = blocks.getLast();
        destroying = true;
        Throwable failure;
        try {
            failure = Destruction.destroyElements(block.type(), block.segment(), 0, block.count(), pending);
        } finally {
            destroying = false;
        }
        elementsDestroyed += block.count();
        blocks.removeLast();
        top = block.topBefore();
        assert checkInvariants();
        return failure;
    }

    @Override
    public Frame mark() {
        checkUsable("StackPool.mark");
        if (frames.size() == frameCountMax) {
            throw ModelFaults.atCountMax("openFrameCount", frames.size(), "frameCountMax", frameCountMax);
        }
        ModelFrame frame = new ModelFrame(top, blocks.size());
        frames.add(frame);
        assert checkInvariants();
        return frame;
    }

    @Override
    public long top() {
        return top;
    }

    @Override
    public long byteCapacity() {
        return memory.byteSize();
    }

    @Override
    public int liveBlockCount() {
        return blocks.size();
    }

    @Override
    public int openFrameCount() {
        return frames.size();
    }

    @Override
    public boolean ownsMemory() {
        return arena != null;
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        checkUsable("StackPool.allocate");
        if (byteSize < 1) {
            throw ModelFaults.badByteSize(Clause.SP_9, byteSize);
        }
        return push(Type.BYTE, byteSize, byteAlignment);
    }

    @Override
    public LeakReport closeAndReport() {
        ModelFaults.checkThread(owner, Clause.SP_7, "StackPool.close");
        if (closed) {
            return LeakReport.NONE;
        }
        checkNotDestroying("StackPool.close");
        frames.forEach(frame -> frame.open = false);
        frames.clear();
        ModelFaults.Drained drained = ModelFaults.drain(blocks, block -> new LeakReport.Leak(block.type(),
                block.count(), block.segment().byteSize(), List.of()), (block, failure) -> popTop(failure), null);
        closed = true;
        if (arena != null) {
            arena.close();
        }
        assert checkInvariants();
        Destruction.rethrow(drained.failure());
        return LeakReport.of(drained.leaks());
    }

    @Override
    public void close() {
        ModelFaults.warnOfLeaks("stack pool", closeAndReport());
    }

    /**
     * {@return the observable state: capacity, top, live blocks (offset, byte size, alignment, type
     * name), the open frames' marked tops, closed}
     */
    public StackPoolState state() {
        List<StackPoolState.Block> live = blocks.stream().map(block -> new StackPoolState.Block(block.offset(),
                block.segment().byteSize(), block.byteAlignment(), block.type().name())).toList();
        List<Long> markedTops = frames.stream().map(frame -> frame.markedTop).toList();
        return new StackPoolState(memory.byteSize(), top, live, markedTops, closed);
    }

    /**
     * Checks every conjunct of the pool's invariant (see the class comment).
     *
     * @return {@code true}, so that it can be called as {@code assert checkInvariants()}
     * @throws AssertionError naming the clause of the first conjunct that does not hold
     */
    public boolean checkInvariants() {
        checkBlockSizes();
        checkNoOverlap();
        checkAlignedLiveBlocks();
        checkLifoOffsets();
        checkTopIsEndOfLastBlock();
        checkWithinCapacity();
        checkFramesNest();
        checkDestroyedExactlyOnce();
        checkClosedIsEmpty();
        return true;
    }

    private void checkBlockSizes() {
        for (Block block : blocks) {
            ModelFaults.invariant(block.segment().byteSize() == block.count() * block.type().byteSize(), Clause.TY_2,
                    "block byteSize=" + block.segment().byteSize() + " count=" + block.count());
        }
    }

    private void checkLifoOffsets() {
        for (int index = 0; index < blocks.size(); index++) {
            Block block = blocks.get(index);
            long below = endOfBlocks(index);
            ModelFaults.invariant(block.topBefore() == below
                    && block.offset() == ModelFaults.alignUp(below, block.byteAlignment()), Clause.SP_2,
                    "block index=" + index + " offset=" + block.offset() + " topBefore=" + block.topBefore()
                            + " but end of block below=" + below);
        }
    }

    private void checkNoOverlap() {
        for (int index = 1; index < blocks.size(); index++) {
            ModelFaults.invariant(blocks.get(index).offset() >= blocks.get(index - 1).end(), Clause.GA_1,
                    "block index=" + index + " overlaps the block below it");
        }
    }

    private void checkAlignedLiveBlocks() {
        for (Block block : blocks) {
            long alignment = block.byteAlignment();
            ModelFaults.invariant(block.offset() % alignment == 0
                    && (arena == null || block.segment().address() % alignment == 0), Clause.AC_4,
                    "block offset=" + block.offset() + " is not aligned to byteAlignment=" + alignment);
        }
    }

    private void checkTopIsEndOfLastBlock() {
        long end = endOfBlocks(blocks.size());
        ModelFaults.invariant(top == end, Clause.SP_2, "top=" + top + " but end of the last live block=" + end);
    }

    /** {@return the end of the first {@code count} live blocks: 0 if none} */
    private long endOfBlocks(int count) {
        return count == 0 ? 0 : blocks.get(count - 1).end();
    }

    private void checkWithinCapacity() {
        ModelFaults.invariant(top <= memory.byteSize(), Clause.SP_3,
                "top=" + top + " exceeds byteCapacity=" + memory.byteSize());
    }

    private void checkFramesNest() {
        int depthBelow = 0;
        for (ModelFrame frame : frames) {
            ModelFaults.invariant(frame.open && depthBelow <= frame.depth && frame.depth <= blocks.size()
                    && frame.markedTop == endOfBlocks(frame.depth), Clause.SP_6, "frame markedTop=" + frame.markedTop
                    + " depth=" + frame.depth + " does not nest (liveBlockCount=" + blocks.size() + ")");
            depthBelow = frame.depth;
        }
    }

    private void checkDestroyedExactlyOnce() {
        long live = blocks.stream().mapToLong(Block::count).sum();
        ModelFaults.invariant(elementsCreated == live + elementsDestroyed, Clause.DS_1, "elementsCreated="
                + elementsCreated + " but live=" + live + " + destroyed=" + elementsDestroyed);
    }

    private void checkClosedIsEmpty() {
        ModelFaults.invariant(!closed || (blocks.isEmpty() && frames.isEmpty()), Clause.SP_8,
                "closed pool has liveBlockCount=" + blocks.size() + " openFrameCount=" + frames.size());
    }

    private void checkUsable(String what) {
        ModelFaults.checkThread(owner, Clause.SP_7, what);
        ModelFaults.checkOpen(closed, Clause.SP_8, what);
        checkNotDestroying(what);
    }

    /** A call from a destructor the pool is running is a LIFO fault (SP-4): that block is still live. */
    private void checkNotDestroying(String what) {
        if (destroying) {
            throw ModelFaults.reentered(what, blocks.size());
        }
    }

    /** A frame: the top and the number of live blocks when it was marked. */
    private final class ModelFrame implements Frame {
        private final long markedTop;
        private final int depth;
        private boolean open = true;

        private ModelFrame(long markedTop, int depth) {
            this.markedTop = markedTop;
            this.depth = depth;
        }

        @Override
        public long markedTop() {
            return markedTop;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            checkUsable("Frame.close");
            if (frames.isEmpty() || frames.getLast() != this) {
                throw ModelFaults.notInnermost(markedTop, open, frames.size());
            }
            Throwable failure = null;
            while (blocks.size() > depth) {
                failure = popTop(failure);
            }
            frames.removeLast();
            open = false;
            assert checkInvariants();
            Destruction.rethrow(failure);
        }
    }
}
