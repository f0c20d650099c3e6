package dev.cairn.bench.general;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.impl.GeneralAllocators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Free a random one of {@code liveBlockCount} live 64-byte blocks and allocate one in its place
 * (a long written into it): the cost must stay flat as the number of live blocks grows.
 */
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Xmx6g"})
@State(Scope.Thread)
public class LiveBlocksBenchmark extends GeneralBenchmark {

    private static final int BYTE_SIZE = 64;

    /** The number of live blocks. */
    @Param({"1000", "100000", "1000000", "10000000"})
    public int liveBlockCount;

    private GeneralAllocator confined;
    private MemorySegment[] segments;
    private long[] addresses;
    private long random = 0x9E3779B97F4A7C15L;

    /** Allocates the live blocks for both peers. */
    @Setup(Level.Trial)
    public void setUp() {
        confined = GeneralAllocators.confined();
        segments = new MemorySegment[liveBlockCount];
        addresses = new long[liveBlockCount];
        for (int index = 0; index < liveBlockCount; index++) {
            segments[index] = confined.allocateUninitialized(Type.BYTE, BYTE_SIZE, 16);
            addresses[index] = Libc.malloc(BYTE_SIZE, true);
        }
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        confined.closeAndReport();
        for (long address : addresses) {
            Libc.free(address, true);
        }
    }

    private int nextIndex() {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return (int) Long.remainderUnsigned(random, liveBlockCount);
    }

    /** Cairn, confined. */
    @Benchmark
    public long cairnConfined() {
        int index = nextIndex();
        confined.free(segments[index]);
        MemorySegment block = confined.allocateUninitialized(Type.BYTE, BYTE_SIZE, 16);
        block.set(ValueLayout.JAVA_LONG, 0, index);
        segments[index] = block;
        return block.address();
    }

    /** {@code malloc}/{@code free}, critical. */
    @Benchmark
    public long mallocCritical() {
        int index = nextIndex();
        Libc.free(addresses[index], true);
        long address = Libc.malloc(BYTE_SIZE, true);
        Libc.EVERYTHING.set(ValueLayout.JAVA_LONG, address, index);
        addresses[index] = address;
        return address;
    }
}
