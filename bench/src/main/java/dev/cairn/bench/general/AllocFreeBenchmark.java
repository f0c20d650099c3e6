package dev.cairn.bench.general;

import dev.cairn.GeneralAllocator;
import dev.cairn.impl.GeneralAllocators;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.lwjgl.system.MemoryUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Allocate a block, write a long into it, free it: Cairn's general allocator against the peers
 * users would pick instead. Target: Cairn at most 0.5x critical {@code malloc}+{@code free} at every
 * size, with 0 heap bytes per operation ({@code -prof gc}).
 */
@State(Scope.Thread)
public class AllocFreeBenchmark extends GeneralBenchmark {

    /** The block's byte size. */
    @Param({"16", "64", "256", "4096"})
    public int byteSize;

    private GeneralAllocator confined;
    private GeneralAllocator shared;
    private ByteBufAllocator nettyPooled;
    private ByteBufAllocator nettyPooledNoCache;
    private ByteBufAllocator nettyAdaptive;
    private Arena bumpArena;
    private MemorySegment bumpRegion;
    private long bumpTop;
    private CheckedSlots checkedSlots;

    /** Makes the allocators. */
    @Setup(Level.Trial)
    public void setUp() {
        confined = GeneralAllocators.confined();
        shared = GeneralAllocators.shared();
        nettyPooled = new PooledByteBufAllocator(true, 0, 1, 8192, 9, 256, 64, true);
        nettyPooledNoCache = new PooledByteBufAllocator(true, 0, 1, 8192, 9, 0, 0, false);
        nettyAdaptive = new AdaptiveByteBufAllocator();
        bumpArena = Arena.ofConfined();
        bumpRegion = bumpArena.allocate(1 << 20, 16);
        checkedSlots = new CheckedSlots(bumpArena.allocate(1 << 20, 4096), Long.highestOneBit(byteSize * 2L - 1));
    }

    /** Closes them. */
    @TearDown(Level.Trial)
    public void tearDown() {
        confined.close();
        shared.close();
        bumpArena.close();
    }

    /** Cairn, confined, not zeroed (as malloc). */
    @Benchmark
    public long cairnConfined() {
        return RoundTrip.cairn(confined, byteSize);
    }

    /** Cairn, confined, zero-filled (the contract's default allocate, as calloc). */
    @Benchmark
    public long cairnConfinedZeroed() {
        MemorySegment block = confined.allocate(byteSize, 16);
        block.set(ValueLayout.JAVA_LONG, 0, 42);
        confined.free(block);
        return block.address();
    }

    /** Cairn, shared, not zeroed. */
    @Benchmark
    public long cairnShared() {
        return RoundTrip.cairn(shared, byteSize);
    }

    /** {@code malloc} and {@code free}, critical downcalls. */
    @Benchmark
    public long mallocCritical() {
        return RoundTrip.malloc(byteSize, true);
    }

    /** {@code malloc} and {@code free}, plain downcalls. */
    @Benchmark
    public long mallocPlain() {
        return RoundTrip.malloc(byteSize, false);
    }

    /** {@code sun.misc.Unsafe}. */
    @Benchmark
    public long unsafe() {
        long address = Libc.UNSAFE.allocateMemory(byteSize);
        Libc.UNSAFE.putLong(address, 42);
        Libc.UNSAFE.freeMemory(address);
        return address;
    }

    /** A confined arena per object. */
    @Benchmark
    public long arenaPerObject() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(byteSize, 16);
            block.set(ValueLayout.JAVA_LONG, 0, 42);
            return block.address();
        }
    }

    /** LWJGL's {@code MemoryUtil}. */
    @Benchmark
    public long lwjglMemoryUtil() {
        long address = MemoryUtil.nmemAlloc(byteSize);
        MemoryUtil.memPutLong(address, 42);
        MemoryUtil.nmemFree(address);
        return address;
    }

    /** Netty's pooled allocator with its thread cache. */
    @Benchmark
    public int nettyPooled() {
        return RoundTrip.netty(nettyPooled, byteSize);
    }

    /** Netty's pooled allocator without a thread cache. */
    @Benchmark
    public int nettyPooledNoCache() {
        return RoundTrip.netty(nettyPooledNoCache, byteSize);
    }

    /** Netty's adaptive allocator. */
    @Benchmark
    public int nettyAdaptive() {
        return RoundTrip.netty(nettyAdaptive, byteSize);
    }

    /**
     * Reference: the least any checked allocator does per allocate and free (owner check, a slot
     * stack, the live byte size per slot out of band, the free's constant-time checks; {@link
     * CheckedSlots}). The distance from here to Cairn is Cairn's own cost; from here to the
     * target, what no conforming allocator can win back.
     */
    @Benchmark
    public long refCheckedSlots() {
        MemorySegment block = checkedSlots.allocate(byteSize);
        block.set(ValueLayout.JAVA_LONG, 0, 42);
        checkedSlots.free(block);
        return block.address();
    }

    /** The physical limit: a bump pointer handing out slices of one segment, freed by resetting. */
    @Benchmark
    public long baselineBumpPointer() {
        long offset = bumpTop;
        bumpTop = offset + ((byteSize + 15) & -16);
        MemorySegment block = bumpRegion.asSlice(offset, byteSize);
        block.set(ValueLayout.JAVA_LONG, 0, 42);
        bumpTop = offset;
        return block.address();
    }
}
