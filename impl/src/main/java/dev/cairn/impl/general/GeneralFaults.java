package dev.cairn.impl.general;

import dev.cairn.Type;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.Fault;
import dev.cairn.fault.FixedSizeFault;
import dev.cairn.fault.ForeignBlockFault;
import dev.cairn.fault.IndexFault;

import java.lang.foreign.MemorySegment;

/** Every fault the general allocator and its vectors throw, built in one place (ER-1). */
final class GeneralFaults {

    private GeneralFaults() {
    }

    static ForeignBlockFault foreignBlock(String what, MemorySegment block, String reason) {
        return new ForeignBlockFault(Clause.GA_4, what + ": block=" + describe(block)
                + " is not a live block of this allocator exactly as returned: " + reason);
    }

    static FixedSizeFault fixedSize(MemorySegment block, Type type) {
        return new FixedSizeFault(Clause.GA_3, "resize: block=" + describe(block) + " of type=" + type.name()
                + " is fixed; only blocks from allocateGrowable resize");
    }

    static ArgumentFault countBelowOne(long count) {
        return new ArgumentFault(Clause.TY_2, "resize: count=" + count + " is below 1");
    }

    static ClosedFault closed(String what) {
        return new ClosedFault(Clause.GA_6, what + ": allocator closed=true");
    }

    static AllocationFault noMemory(long byteSize, String reason) {
        return new AllocationFault(Clause.GA_7, "regionByteSize=" + byteSize + " cannot be had: " + reason);
    }

    static WrongThreadException wrongThread(String what, Thread owner) {
        return Fault.wrongThread(Clause.GA_5, "GeneralAllocator." + what, owner);
    }

    static ArgumentFault byteSizeBelowOne(long byteSize) {
        return new ArgumentFault(Clause.GA_8, "byteSize=" + byteSize + " is below 1");
    }

    static ClosedFault vectorFreed(Type elementType) {
        return new ClosedFault(Clause.VE_1, "vector of type=" + elementType.name() + " is freed");
    }

    static IndexFault indexOutOfRange(long index, long size) {
        return new IndexFault(Clause.VE_1, "index=" + index + " is outside [0, size=" + size + ")");
    }

    static IndexFault emptyVector() {
        return new IndexFault(Clause.VE_1, "removeLast: size=0");
    }

    static ArgumentFault valueByteSize(MemorySegment value, Type elementType) {
        return new ArgumentFault(Clause.VE_1, "value byteSize=" + value.byteSize() + " differs from type="
                + elementType.name() + " byteSize=" + elementType.byteSize());
    }

    private static String describe(MemorySegment block) {
        return block.isNative()
                ? "[address=0x" + Long.toHexString(block.address()) + ", byteSize=" + block.byteSize() + "]"
                : "[heap, byteSize=" + block.byteSize() + "]";
    }
}
