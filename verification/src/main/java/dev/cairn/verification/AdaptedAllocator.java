package dev.cairn.verification;

import dev.cairn.CountMode;
import dev.cairn.Freer;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.Vector;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared part of the adapters of third-party general allocators (glibc, the JDK's arenas):
 * it maps the typed contract onto an allocator of bytes and does no more than the mapping needs.
 * It records each live block by address (the contract's {@link #typeOf} and {@link #isGrowable}
 * need that) and never hands the third party an address it did not return and has not released:
 * such a call throws {@link IllegalArgumentException} here instead (ER-2: a harness must never
 * crash the process). Everything else is the third party's own behaviour: no destructors, no
 * alignment context, no closed state, no reference counting, whatever its faults are.
 */
abstract class AdaptedAllocator implements GeneralAllocator {

    private record Live(AdaptedBlock adapted, boolean growable) {
        MemorySegment block() {
            return adapted.block();
        }

        Type type() {
            return adapted.type();
        }
    }

    private final Map<Long, Live> live = new LinkedHashMap<>();

    /** {@return {@code byteSize} bytes aligned to {@code byteAlignment}, zeroed if asked} */
    abstract MemorySegment obtain(long byteSize, long byteAlignment, boolean zeroed);

    /** Gives {@code block}, which {@link #obtain} returned, back to the third party. */
    abstract void release(MemorySegment block);

    /** {@return {@code block} resized to {@code byteSize} bytes, or throws if the third party cannot} */
    abstract MemorySegment reallocate(MemorySegment block, long byteSize);

    @Override
    public MemorySegment allocate(Type type, long count) {
        return allocate(type, count, 1);
    }

    @Override
    public synchronized MemorySegment allocate(Type type, long count, long byteAlignment) {
        return register(type, count, byteAlignment, false, true);
    }

    @Override
    public synchronized MemorySegment allocateUninitialized(Type type, long count, long byteAlignment) {
        return register(type, count, byteAlignment, false, false);
    }

    @Override
    public MemorySegment allocateGrowable(Type type, long count) {
        return allocateGrowable(type, count, 1);
    }

    @Override
    public synchronized MemorySegment allocateGrowable(Type type, long count, long byteAlignment) {
        return register(type, count, byteAlignment, true, true);
    }

    private MemorySegment register(Type type, long count, long byteAlignment, boolean growable, boolean zeroed) {
        MemorySegment block = obtain(type.blockByteSize(count), Math.max(type.byteAlignment(), byteAlignment), zeroed);
        live.put(block.address(), new Live(new AdaptedBlock(block, type, count), growable));
        return block;
    }

    @Override
    public synchronized MemorySegment resize(MemorySegment block, long count) {
        Live old = known(block);
        MemorySegment resized = reallocate(old.block(), old.type().blockByteSize(count));
        live.remove(old.block().address());
        live.put(resized.address(), new Live(new AdaptedBlock(resized, old.type(), count), old.growable));
        return resized;
    }

    @Override
    public synchronized void free(MemorySegment block) {
        Live old = known(block);
        live.remove(old.block().address());
        release(old.block());
    }

    private Live known(MemorySegment block) {
        Live found = live.get(block.address());
        if (found == null || !block.isNative()) {
            throw new IllegalArgumentException("address=" + block.address() + " is not a live block of this adapter;"
                    + " it is not passed to the third party");
        }
        return found;
    }

    @Override
    public synchronized boolean isGrowable(MemorySegment block) {
        return known(block).growable;
    }

    @Override
    public synchronized Type typeOf(MemorySegment block) {
        return known(block).type();
    }

    @Override
    public RefCounted allocateCounted(Type type, long count, long byteAlignment, CountMode mode) {
        throw new UnsupportedOperationException("the third party has no reference counting");
    }

    @Override
    public Vector newVector(Type elementType, long initialCapacity) {
        throw new UnsupportedOperationException("the adapter has no vector");
    }

    @Override
    public Freer freer() {
        return this::free;
    }

    @Override
    public synchronized long liveBlockCount() {
        return live.size();
    }

    @Override
    public synchronized long liveByteSize() {
        long sum = 0;
        for (Live block : live.values()) {
            sum += block.block().byteSize();
        }
        return sum;
    }

    @Override
    public Thread owner() {
        return null;
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    /** Bytes go to the third party as they are: its own answer to a bad size is what is checked. */
    @Override
    public synchronized MemorySegment allocate(long byteSize, long byteAlignment) {
        MemorySegment block = obtain(byteSize, byteAlignment, true);
        live.put(block.address(), new Live(new AdaptedBlock(block, Type.BYTE, byteSize), false));
        return block;
    }

    /** Releases every live block (the third party has no close of its own) and reports them. */
    @Override
    public synchronized LeakReport closeAndReport() {
        List<AdaptedBlock> blocks = live.values().stream().map(Live::adapted).toList();
        for (AdaptedBlock block : blocks.reversed()) {
            release(block.block());
        }
        live.clear();
        return AdaptedBlock.leaks(blocks);
    }

    @Override
    public void close() {
        closeAndReport();
    }
}
