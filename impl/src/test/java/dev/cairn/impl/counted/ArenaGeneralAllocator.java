package dev.cairn.impl.counted;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.Destruction;
import dev.cairn.Freer;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.Fault;
import dev.cairn.fault.ForeignBlockFault;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TEST FIXTURE, not an implementation: a small general allocator in which every fixed block has
 * its own shared {@link Arena}, closed when the block is freed. Any read or write of a freed
 * block therefore throws {@link IllegalStateException} ("Already closed") instead of silently
 * touching reused memory, which makes use-after-free by the counted items visible in tests.
 *
 * <p>It implements what counted items use (fixed allocation, free, close, statistics, owner
 * thread) with the contract's checks; growable blocks, vectors and the freer are not needed here
 * and throw {@link UnsupportedOperationException}. Destructors run outside the lock, so they may
 * call back into the allocator (DS-3).
 */
final class ArenaGeneralAllocator implements GeneralAllocator {

    private record Block(MemorySegment segment, Arena arena, Type type, long count) {
    }

    private final Map<Long, Block> live = new LinkedHashMap<>();
    private final Thread owner;
    private boolean closed;
    private long frees;

    private ArenaGeneralAllocator(Thread owner) {
        this.owner = owner;
    }

    /** {@return a fixture any thread may use} */
    static ArenaGeneralAllocator shared() {
        return new ArenaGeneralAllocator(null);
    }

    /** {@return a fixture confined to the calling thread} */
    static ArenaGeneralAllocator confined() {
        return new ArenaGeneralAllocator(Thread.currentThread());
    }

    @Override
    public MemorySegment allocate(Type type, long count) {
        return allocate(type, count, 1);
    }

    @Override
    public MemorySegment allocate(Type type, long count, long byteAlignment) {
        checkOwner("GeneralAllocator.allocate");
        long byteSize = type.blockByteSize(count);
        long alignment = AlignmentContext.effectiveAlignment(type, byteAlignment);
        synchronized (this) {
            checkOpen();
            Arena arena = Arena.ofShared();
            MemorySegment segment = arena.allocate(byteSize, alignment);
            live.put(segment.address(), new Block(segment, arena, type, count));
            return segment;
        }
    }

    @Override
    public MemorySegment allocateUninitialized(Type type, long count, long byteAlignment) {
        return allocate(type, count, byteAlignment);
    }

    @Override
    public MemorySegment allocateGrowable(Type type, long count) {
        throw new UnsupportedOperationException("fixture: no growable blocks");
    }

    @Override
    public MemorySegment allocateGrowable(Type type, long count, long byteAlignment) {
        throw new UnsupportedOperationException("fixture: no growable blocks");
    }

    @Override
    public MemorySegment resize(MemorySegment block, long count) {
        throw new UnsupportedOperationException("fixture: no growable blocks");
    }

    @Override
    public void free(MemorySegment block) {
        checkOwner("GeneralAllocator.free");
        Block found;
        synchronized (this) {
            checkOpen();
            found = live.get(block.address());
            if (found == null || found.segment.byteSize() != block.byteSize()) {
                throw new ForeignBlockFault(Clause.GA_4, "block address=" + block.address() + " byteSize="
                        + block.byteSize() + " is not a live block of this allocator");
            }
            live.remove(block.address());
            frees++;
        }
        Throwable failure = Destruction.destroyElements(found.type, found.segment, 0, found.count, null);
        found.arena.close();
        Destruction.rethrow(failure);
    }

    @Override
    public synchronized boolean isGrowable(MemorySegment block) {
        return false;
    }

    @Override
    public synchronized Type typeOf(MemorySegment block) {
        Block found = live.get(block.address());
        if (found == null) {
            throw new ForeignBlockFault(Clause.GA_4, "block address=" + block.address() + " is not live");
        }
        return found.type;
    }

    @Override
    public RefCounted allocateCounted(Type type, long count, long byteAlignment, CountMode mode) {
        return CountedItems.allocate(this, type, count, byteAlignment, mode);
    }

    @Override
    public Vector newVector(Type elementType, long initialCapacity) {
        throw new UnsupportedOperationException("fixture: no vectors");
    }

    @Override
    public Freer freer() {
        throw new UnsupportedOperationException("fixture: no freer");
    }

    @Override
    public synchronized long liveBlockCount() {
        return live.size();
    }

    @Override
    public synchronized long liveByteSize() {
        long total = 0;
        for (Block block : live.values()) {
            total += block.segment.byteSize();
        }
        return total;
    }

    /** {@return the number of successful frees so far} */
    synchronized long freeCount() {
        return frees;
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return allocate(Type.BYTE, byteSize, byteAlignment);
    }

    @Override
    public LeakReport closeAndReport() {
        checkOwner("GeneralAllocator.close");
        List<Block> leaked;
        synchronized (this) {
            if (closed) {
                return LeakReport.NONE;
            }
            closed = true;
            leaked = new ArrayList<>(live.values()).reversed();
            live.clear();
        }
        List<LeakReport.Leak> leaks = new ArrayList<>();
        Throwable failure = null;
        for (Block block : leaked) {
            failure = Destruction.destroyElements(block.type, block.segment, 0, block.count, failure);
            block.arena.close();
            leaks.add(new LeakReport.Leak(block.type, block.count, block.segment.byteSize(), List.of()));
        }
        Destruction.rethrow(failure);
        return LeakReport.of(leaks);
    }

    @Override
    public void close() {
        closeAndReport();
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedFault(Clause.GA_6, "GeneralAllocator call on a closed allocator: closed=true");
        }
    }

    private void checkOwner(String what) {
        if (owner != null && owner != Thread.currentThread()) {
            throw Fault.wrongThread(Clause.GA_5, what, owner);
        }
    }
}
