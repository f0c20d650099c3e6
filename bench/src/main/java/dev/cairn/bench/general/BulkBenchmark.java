package dev.cairn.bench.general;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.impl.GeneralAllocators;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 100,000 blocks of 64 bytes allocated (a long written into each), then all freed in allocation
 * order; the score is per block. Target: Cairn at most 0.25x critical {@code malloc}/{@code free}.
 */
@State(Scope.Thread)
@OperationsPerInvocation(BulkBenchmark.BLOCK_COUNT)
public class BulkBenchmark extends GeneralBenchmark {

    static final int BLOCK_COUNT = 100_000;
    private static final int BYTE_SIZE = 64;

    private final MemorySegment[] segments = new MemorySegment[BLOCK_COUNT];
    private final long[] addresses = new long[BLOCK_COUNT];
    private final ByteBuf[] buffers = new ByteBuf[BLOCK_COUNT];
    private GeneralAllocator confined;
    private PooledByteBufAllocator netty;
    private Arena bumpArena;
    private MemorySegment bumpRegion;

    /** Makes the allocators. */
    @Setup(Level.Trial)
    public void setUp() {
        confined = GeneralAllocators.confined();
        netty = new PooledByteBufAllocator(true, 0, 1, 8192, 9, 256, 64, true);
        bumpArena = Arena.ofConfined();
        bumpRegion = bumpArena.allocate((long) BLOCK_COUNT * BYTE_SIZE, 16);
    }

    /** Closes them. */
    @TearDown(Level.Trial)
    public void tearDown() {
        confined.close();
        bumpArena.close();
    }

    /** Cairn, confined, not zeroed. */
    @Benchmark
    public long cairnConfined() {
        for (int index = 0; index < BLOCK_COUNT; index++) {
            MemorySegment block = confined.allocateUninitialized(Type.BYTE, BYTE_SIZE, 16);
            block.set(ValueLayout.JAVA_LONG, 0, index);
            segments[index] = block;
        }
        for (int index = 0; index < BLOCK_COUNT; index++) {
            confined.free(segments[index]);
        }
        return segments[0].address();
    }

    /** {@code malloc}/{@code free}, critical. */
    @Benchmark
    public long mallocCritical() {
        return mallocBulk(true);
    }

    /** {@code malloc}/{@code free}, plain. */
    @Benchmark
    public long mallocPlain() {
        return mallocBulk(false);
    }

    private long mallocBulk(boolean critical) {
        for (int index = 0; index < BLOCK_COUNT; index++) {
            long address = Libc.malloc(BYTE_SIZE, critical);
            Libc.EVERYTHING.set(ValueLayout.JAVA_LONG, address, index);
            addresses[index] = address;
        }
        for (int index = 0; index < BLOCK_COUNT; index++) {
            Libc.free(addresses[index], critical);
        }
        return addresses[0];
    }

    /** {@code sun.misc.Unsafe}. */
    @Benchmark
    public long unsafe() {
        for (int index = 0; index < BLOCK_COUNT; index++) {
            long address = Libc.UNSAFE.allocateMemory(BYTE_SIZE);
            Libc.UNSAFE.putLong(address, index);
            addresses[index] = address;
        }
        for (int index = 0; index < BLOCK_COUNT; index++) {
            Libc.UNSAFE.freeMemory(addresses[index]);
        }
        return addresses[0];
    }

    /** Netty pooled with its thread cache. */
    @Benchmark
    public int nettyPooled() {
        for (int index = 0; index < BLOCK_COUNT; index++) {
            ByteBuf buffer = netty.directBuffer(BYTE_SIZE, BYTE_SIZE);
            buffer.writeLong(index);
            buffers[index] = buffer;
        }
        int written = buffers[0].writerIndex();
        for (int index = 0; index < BLOCK_COUNT; index++) {
            buffers[index].release();
        }
        return written;
    }

    /** The limit: a bump pointer, all freed by one reset. */
    @Benchmark
    public long baselineBumpPointer() {
        long top = 0;
        for (int index = 0; index < BLOCK_COUNT; index++) {
            MemorySegment block = bumpRegion.asSlice(top, BYTE_SIZE);
            top += BYTE_SIZE;
            block.set(ValueLayout.JAVA_LONG, 0, index);
            segments[index] = block;
        }
        return segments[0].address();
    }
}
