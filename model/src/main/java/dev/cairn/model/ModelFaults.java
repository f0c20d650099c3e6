package dev.cairn.model;

import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.Fault;
import dev.cairn.fault.FixedSizeFault;
import dev.cairn.fault.ForeignBlockFault;
import dev.cairn.fault.IndexFault;
import dev.cairn.fault.LifoFault;
import dev.cairn.fault.PoolExhaustedFault;
import dev.cairn.fault.RefCountFault;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one place where the model builds its fault messages and states its invariants. Every
 * message names the offending values in {@code name=value} form (ER-1).
 */
final class ModelFaults {

    private ModelFaults() {
    }

    /**
     * Throws {@link WrongThreadException} (clause {@code clause}) unless the caller is {@code owner}.
     * A {@code null} owner means "any thread".
     */
    static void checkThread(Thread owner, Clause clause, String what) {
        if (owner != null && Thread.currentThread() != owner) {
            throw Fault.wrongThread(clause, what, owner);
        }
    }

    /** Throws {@link ClosedFault} if {@code closed}. */
    static void checkOpen(boolean closed, Clause clause, String what) {
        if (closed) {
            throw new ClosedFault(clause, what + " called after close (closed=true)");
        }
    }

    /**
     * {@return whether {@code block} is {@code live} exactly as returned: the same memory, address
     * and byte size} ({@link MemorySegment#equals} ignores the byte size.)
     */
    static boolean sameBlock(MemorySegment live, MemorySegment block) {
        return live.equals(block) && live.byteSize() == block.byteSize();
    }

    /** {@return a description of a segment without its contents: address and byte size} */
    static String describe(MemorySegment segment) {
        return "block=[address=" + segment.address() + " byteSize=" + segment.byteSize()
                + (segment.isNative() ? "" : " heap") + "]";
    }

    static LifoFault notTop(MemorySegment block, int liveBlockCount) {
        return new LifoFault(Clause.SP_4, describe(block) + " is not the most recently pushed live block"
                + " (liveBlockCount=" + liveBlockCount + ")");
    }

    static LifoFault belowFrame(MemorySegment block, long markedTop) {
        return new LifoFault(Clause.SP_6, describe(block) + " was pushed before the innermost open frame's"
                + " markedTop=" + markedTop);
    }

    static LifoFault notInnermost(long markedTop, boolean open, int openFrameCount) {
        return new LifoFault(Clause.SP_6, "frame markedTop=" + markedTop + " open=" + open
                + " is not the innermost open frame (openFrameCount=" + openFrameCount + ")");
    }

    static LifoFault reentered(String what, int liveBlockCount) {
        return new LifoFault(Clause.SP_4, what + " called from a destructor the pool is running (liveBlockCount="
                + liveBlockCount + ")");
    }

    static PoolExhaustedFault doesNotFit(long byteSize, long offset, long byteCapacity, long top) {
        return new PoolExhaustedFault(Clause.SP_3, "byteSize=" + byteSize + " at offset=" + offset
                + " does not fit byteCapacity=" + byteCapacity + " (top=" + top + ")");
    }

    static PoolExhaustedFault atCountMax(String countName, int count, String maxName, int max) {
        return new PoolExhaustedFault(Clause.SP_3, countName + "=" + count + " is at " + maxName + "=" + max);
    }

    static ArgumentFault badLimit(Clause clause, String values, String range) {
        return new ArgumentFault(clause, values + " outside " + range);
    }

    static ArgumentFault badMemory(MemorySegment memory) {
        return new ArgumentFault(Clause.SP_1, "memory byteSize=" + memory.byteSize() + " readOnly="
                + memory.isReadOnly() + " cannot hold a pool");
    }

    static AllocationFault noMemory(Clause clause, long byteSize) {
        return new AllocationFault(clause, "byteSize=" + byteSize + " could not be allocated");
    }

    static AllocationFault overLimit(long byteSizeAdded, long byteSizeLimit, long liveByteSize) {
        return new AllocationFault(Clause.GA_7, "byteSize=" + byteSizeAdded + " more does not fit byteSizeLimit="
                + byteSizeLimit + " (liveByteSize=" + liveByteSize + ")");
    }

    static FixedSizeFault fixed(MemorySegment block, Type type) {
        return new FixedSizeFault(Clause.GA_3, describe(block) + " of type=" + type.name()
                + " is fixed; only blocks from allocateGrowable resize");
    }

    static RefCountFault atCountMax(int count, Type type) {
        return new RefCountFault(Clause.RC_2, "count=" + count + " is at countMax=" + RefCounted.COUNT_MAX
                + " for type=" + type.name());
    }

    static ForeignBlockFault foreign(MemorySegment block) {
        return new ForeignBlockFault(Clause.GA_4, describe(block)
                + " is not a live block of this allocator exactly as returned");
    }

    static ArgumentFault countedBlockTooLarge(Type type, long count, long blockByteSize) {
        return new ArgumentFault(Clause.TY_2, "count=" + count + " of type=" + type.name() + " makes a counted block of"
                + " byteSize=" + blockByteSize + " (count and padding included) above blockByteSizeMax="
                + Type.BLOCK_BYTE_SIZE_MAX);
    }

    static ArgumentFault badCount(long count) {
        return new ArgumentFault(Clause.TY_2, "count=" + count + " is below 1");
    }

    static ArgumentFault badByteSize(Clause clause, long byteSize) {
        return new ArgumentFault(clause, "byteSize=" + byteSize + " is below 1");
    }

    static RefCountFault destroyed(Clause clause, String what, String typeName) {
        return new RefCountFault(clause, what + " on a destroyed item of type=" + typeName + " (count=0)");
    }

    static IndexFault badIndex(long index, long size) {
        return new IndexFault(Clause.VE_1, "index=" + index + " is outside [0, size=" + size + ")");
    }

    static ArgumentFault badValue(MemorySegment value, long byteSize) {
        return new ArgumentFault(Clause.VE_1, "value byteSize=" + value.byteSize()
                + " differs from the element byteSize=" + byteSize);
    }

    /** What closing found: the leaks in the order they were destroyed, and the first failure (DS-4). */
    record Drained(List<LeakReport.Leak> leaks, Throwable failure) {
    }

    /**
     * Destroys the blocks of {@code live} newest first until none is left (a destroyer removes the
     * block it is given; destructors may free others, DS-3), recording each as a leak.
     */
    static <B> Drained drain(List<B> live, Function<B, LeakReport.Leak> leak, BiFunction<B, Throwable, Throwable> destroyer,
                             Throwable pending) {
        List<LeakReport.Leak> leaks = new ArrayList<>();
        Throwable failure = pending;
        while (!live.isEmpty()) {
            B block = live.getLast();
            leaks.add(leak.apply(block));
            failure = destroyer.apply(block, failure);
        }
        return new Drained(leaks, failure);
    }

    /** Logs a non-empty leak report of a closed pool or allocator as a warning. */
    static void warnOfLeaks(String what, LeakReport report) {
        if (!report.isEmpty()) {
            System.getLogger(ModelFaults.class.getPackageName()).log(System.Logger.Level.WARNING,
                    "{0} closed with live blocks: {1}", what, report);
        }
    }

    /**
     * One conjunct of a component's invariant: throws {@link AssertionError} naming the clause and
     * the offending values when it does not hold.
     */
    static void invariant(boolean holds, Clause clause, String message) {
        if (!holds) {
            throw new AssertionError(clause.format("model invariant broken: " + message));
        }
    }

    /** {@return {@code value} rounded up to a multiple of {@code alignment}, a power of two} */
    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
