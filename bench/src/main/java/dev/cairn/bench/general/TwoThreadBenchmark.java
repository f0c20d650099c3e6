package dev.cairn.bench.general;

import dev.cairn.GeneralAllocator;
import dev.cairn.impl.GeneralAllocators;

import io.netty.buffer.PooledByteBufAllocator;


import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/** Allocate 64 bytes, write a long, free, from two threads at once on one shared allocator. */
@Threads(2)
@State(Scope.Benchmark)
public class TwoThreadBenchmark extends GeneralBenchmark {

    private static final int BYTE_SIZE = 64;

    private GeneralAllocator shared;
    private PooledByteBufAllocator netty;

    /** Makes the allocators. */
    @Setup(Level.Trial)
    public void setUp() {
        shared = GeneralAllocators.shared();
        netty = new PooledByteBufAllocator(true, 0, 2, 8192, 9, 256, 64, true);
    }

    /** Closes them. */
    @TearDown(Level.Trial)
    public void tearDown() {
        shared.close();
    }

    /** Cairn, shared. */
    @Benchmark
    public long cairnShared() {
        return RoundTrip.cairn(shared, BYTE_SIZE);
    }

    /** {@code malloc}/{@code free}, critical. */
    @Benchmark
    public long mallocCritical() {
        return RoundTrip.malloc(BYTE_SIZE, true);
    }

    /** Netty pooled with thread caches. */
    @Benchmark
    public int nettyPooled() {
        return RoundTrip.netty(netty, BYTE_SIZE);
    }
}
