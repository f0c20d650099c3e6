package dev.cairn.impl.stack;

import dev.cairn.Type;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.Fault;
import dev.cairn.fault.LifoFault;
import dev.cairn.fault.PoolExhaustedFault;

import java.lang.foreign.MemorySegment;

/**
 * Every fault message of the stack pool, built in one place (ER-1): each names its clause and
 * the offending values in {@code name=value} form. Only the slow paths call these methods.
 */
final class StackPoolFaults {

    private StackPoolFaults() {
    }

    static RuntimeException wrongThread(String what, Thread owner) {
        return Fault.wrongThread(Clause.SP_7, what, owner);
    }

    static ClosedFault closed(String what) {
        return new ClosedFault(Clause.SP_8, what + " called after close: closed=true");
    }

    static LifoFault reentered(String what, int blockIndex) {
        return new LifoFault(Clause.SP_4, what + " called from a destructor while blockIndex=" + blockIndex
                + " is being popped; a destructor must not push, pop, mark or close on its own pool");
    }

    static PoolExhaustedFault doesNotFit(Type type, long byteSize, long byteAlignment, long top, long byteCapacity) {
        return new PoolExhaustedFault(Clause.SP_3, "byteSize=" + byteSize + " of type=" + type.name()
                + " at byteAlignment=" + byteAlignment + " does not fit: top=" + top + " byteCapacity=" + byteCapacity);
    }

    static PoolExhaustedFault tooManyBlocks(int blockCountMax) {
        return new PoolExhaustedFault(Clause.SP_3, "liveBlockCount=" + blockCountMax
                + " reached blockCountMax=" + blockCountMax);
    }

    static PoolExhaustedFault tooManyFrames(int frameCountMax) {
        return new PoolExhaustedFault(Clause.SP_3, "openFrameCount=" + frameCountMax
                + " reached frameCountMax=" + frameCountMax);
    }

    static ArgumentFault byteSizeBelowOne(long byteSize) {
        return new ArgumentFault(Clause.SP_9, "byteSize=" + byteSize + " is below 1");
    }

    static LifoFault notTop(MemorySegment block, int liveBlockCount, long topAddress, long topByteSize) {
        String top = liveBlockCount == 0 ? "the pool has liveBlockCount=0"
                : "the top block is address=" + hex(topAddress) + " byteSize=" + topByteSize
                        + " (liveBlockCount=" + liveBlockCount + ")";
        return new LifoFault(Clause.SP_4, "block address=" + hex(block.address()) + " byteSize=" + block.byteSize()
                + " native=" + block.isNative() + " is not the most recently pushed live block: " + top);
    }

    static LifoFault staleHandle(MemorySegment block, int blockIndex) {
        return new LifoFault(Clause.SP_4, "block address=" + hex(block.address()) + " byteSize=" + block.byteSize()
                + " is a stale handle of a popped block; blockIndex=" + blockIndex
                + " is a later push at the same place (debug mode)");
    }

    static LifoFault belowFrame(int blockIndex, int frameIndex, int frameBlockIndex) {
        return new LifoFault(Clause.SP_6, "blockIndex=" + blockIndex + " was pushed before the innermost open frame"
                + " frameIndex=" + frameIndex + " (whose first blockIndex=" + frameBlockIndex + "); close the frame first");
    }

    static LifoFault frameNotInnermost(int frameIndex, boolean open, int openFrameCount) {
        String state = open ? "is open but not innermost" : "is already closed";
        return new LifoFault(Clause.SP_6, "frameIndex=" + frameIndex + " " + state
                + " (openFrameCount=" + openFrameCount + "); frames close innermost first");
    }

    static ArgumentFault byteCapacityOutOfRange(long byteCapacity, long byteCapacityMax) {
        return new ArgumentFault(Clause.SP_1, "byteCapacity=" + byteCapacity + " is outside [1, " + byteCapacityMax + "]");
    }

    static ArgumentFault unusableMemory(MemorySegment memory, String why) {
        return new ArgumentFault(Clause.SP_1, "memory address=" + hex(memory.address()) + " byteSize="
                + memory.byteSize() + " " + why);
    }

    static AllocationFault noMemory(long byteCapacity, Throwable cause) {
        AllocationFault fault = new AllocationFault(Clause.SP_1, "byteCapacity=" + byteCapacity
                + " could not be allocated: " + cause.getMessage());
        fault.initCause(cause);
        return fault;
    }

    static AllocationFault beyondImplementation(long byteCapacity, long byteCapacityMax) {
        return new AllocationFault(Clause.SP_1, "byteCapacity=" + byteCapacity
                + " could not be allocated: this implementation holds at most byteCapacityMax=" + byteCapacityMax);
    }

    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
