package dev.cairn.verification;

import dev.cairn.LeakReport;
import dev.cairn.StackPool;
import dev.cairn.Type;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK's {@link SegmentAllocator#slicingAllocator} over a confined arena's segment, adapted to
 * the stack pool contract as far as it goes: a push is a slice at the next aligned offset; it
 * cannot pop, mark or free a slice (those throw {@link UnsupportedOperationException}); closing
 * closes the arena. No destructors, no alignment context, the JDK's own exceptions.
 */
final class SlicingPool implements StackPool {

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment memory;
    private final SegmentAllocator slicing;
    private final List<AdaptedBlock> live = new ArrayList<>();
    private final Thread owner = Thread.currentThread();
    private long top;

    SlicingPool(long byteCapacity) {
        memory = arena.allocate(byteCapacity, 4096);
        slicing = SegmentAllocator.slicingAllocator(memory);
    }

    @Override
    public MemorySegment push(Type type, long count) {
        return push(type, count, 1);
    }

    @Override
    public MemorySegment push(Type type, long count, long byteAlignment) {
        MemorySegment block = slicing.allocate(type.blockByteSize(count), Math.max(type.byteAlignment(), byteAlignment));
        live.add(new AdaptedBlock(block, type, count));
        top = block.address() + block.byteSize() - memory.address();
        return block;
    }

    @Override
    public MemorySegment pushUninitialized(Type type, long count, long byteAlignment) {
        return push(type, count, byteAlignment);
    }

    @Override
    public void pop(MemorySegment block) {
        throw new UnsupportedOperationException("SegmentAllocator.slicingAllocator cannot free a slice");
    }

    @Override
    public Frame mark() {
        throw new UnsupportedOperationException("SegmentAllocator.slicingAllocator has no frames");
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
        return live.size();
    }

    @Override
    public int openFrameCount() {
        return 0;
    }

    @Override
    public boolean ownsMemory() {
        return true;
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public boolean isClosed() {
        return !arena.scope().isAlive();
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return push(Type.BYTE, byteSize, byteAlignment);
    }

    @Override
    public LeakReport closeAndReport() {
        if (isClosed()) {
            return LeakReport.NONE;
        }
        LeakReport leaks = AdaptedBlock.leaks(live);
        live.clear();
        top = 0;
        arena.close();
        return leaks;
    }

    @Override
    public void close() {
        closeAndReport();
    }
}
