package dev.cairn.verification;

import dev.cairn.LeakReport;
import dev.cairn.StackPool;
import dev.cairn.Type;

import java.lang.foreign.MemorySegment;

/** A stack pool that forwards every call: the base of the bug-injected pools. */
class ForwardingStackPool implements StackPool {

    final StackPool delegate;

    ForwardingStackPool(StackPool delegate) {
        this.delegate = delegate;
    }

    @Override
    public MemorySegment push(Type type, long count) {
        return push(type, count, 1);
    }

    @Override
    public MemorySegment push(Type type, long count, long byteAlignment) {
        return delegate.push(type, count, byteAlignment);
    }

    @Override
    public MemorySegment pushUninitialized(Type type, long count, long byteAlignment) {
        return delegate.pushUninitialized(type, count, byteAlignment);
    }

    @Override
    public void pop(MemorySegment block) {
        delegate.pop(block);
    }

    @Override
    public Frame mark() {
        return delegate.mark();
    }

    @Override
    public long top() {
        return delegate.top();
    }

    @Override
    public long byteCapacity() {
        return delegate.byteCapacity();
    }

    @Override
    public int liveBlockCount() {
        return delegate.liveBlockCount();
    }

    @Override
    public int openFrameCount() {
        return delegate.openFrameCount();
    }

    @Override
    public boolean ownsMemory() {
        return delegate.ownsMemory();
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
