package dev.cairn.verification;

import dev.cairn.CountMode;
import dev.cairn.Freer;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.Vector;

import java.lang.foreign.MemorySegment;

/** A general allocator that forwards every call: the base of the bug-injected allocators. */
class ForwardingGeneralAllocator implements GeneralAllocator {

    final GeneralAllocator delegate;

    ForwardingGeneralAllocator(GeneralAllocator delegate) {
        this.delegate = delegate;
    }

    @Override
    public MemorySegment allocate(Type type, long count) {
        return allocate(type, count, 1);
    }

    @Override
    public MemorySegment allocate(Type type, long count, long byteAlignment) {
        return delegate.allocate(type, count, byteAlignment);
    }

    @Override
    public MemorySegment allocateUninitialized(Type type, long count, long byteAlignment) {
        return delegate.allocateUninitialized(type, count, byteAlignment);
    }

    @Override
    public MemorySegment allocateGrowable(Type type, long count) {
        return allocateGrowable(type, count, 1);
    }

    @Override
    public MemorySegment allocateGrowable(Type type, long count, long byteAlignment) {
        return delegate.allocateGrowable(type, count, byteAlignment);
    }

    @Override
    public MemorySegment resize(MemorySegment block, long count) {
        return delegate.resize(block, count);
    }

    @Override
    public void free(MemorySegment block) {
        delegate.free(block);
    }

    @Override
    public boolean isGrowable(MemorySegment block) {
        return delegate.isGrowable(block);
    }

    @Override
    public Type typeOf(MemorySegment block) {
        return delegate.typeOf(block);
    }

    @Override
    public RefCounted allocateCounted(Type type, long count, long byteAlignment, CountMode mode) {
        return delegate.allocateCounted(type, count, byteAlignment, mode);
    }

    @Override
    public Vector newVector(Type elementType, long initialCapacity) {
        return delegate.newVector(elementType, initialCapacity);
    }

    @Override
    public Freer freer() {
        return delegate.freer();
    }

    @Override
    public long liveBlockCount() {
        return delegate.liveBlockCount();
    }

    @Override
    public long liveByteSize() {
        return delegate.liveByteSize();
    }

    @Override
    public Thread owner() {
        return delegate.owner();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return delegate.allocate(byteSize, byteAlignment);
    }

    @Override
    public LeakReport closeAndReport() {
        return delegate.closeAndReport();
    }

    @Override
    public void close() {
        closeAndReport();
    }
}
