package dev.cairn.bench.general;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.impl.GeneralAllocators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Grow a block from 64 to 4096 bytes by doubling, keeping its contents (a long written first and
 * read back last), then free it. Target: Cairn at most 0.6x {@code realloc}. Cairn zeroes the new
 * bytes (GA-3); {@code realloc} does not.
 */
@State(Scope.Thread)
public class GrowBenchmark extends GeneralBenchmark {

    private GeneralAllocator confined;

    /** Makes the allocator. */
    @Setup(Level.Trial)
    public void setUp() {
        confined = GeneralAllocators.confined();
    }

    /** Closes it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        confined.close();
    }

    /** Cairn: a growable block and {@code resize}. */
    @Benchmark
    public long cairnConfined() {
        MemorySegment block = confined.allocateGrowable(Type.BYTE, 64);
        block.set(ValueLayout.JAVA_LONG, 0, 42);
        for (long byteSize = 128; byteSize <= 4096; byteSize *= 2) {
            block = confined.resize(block, byteSize);
        }
        long kept = block.get(ValueLayout.JAVA_LONG, 0);
        confined.free(block);
        return kept;
    }

    /** {@code realloc}, critical downcalls. */
    @Benchmark
    public long reallocCritical() {
        return reallocGrowth(true);
    }

    /** {@code realloc}, plain downcalls. */
    @Benchmark
    public long reallocPlain() {
        return reallocGrowth(false);
    }

    private static long reallocGrowth(boolean critical) {
        long address = Libc.malloc(64, critical);
        Libc.EVERYTHING.set(ValueLayout.JAVA_LONG, address, 42);
        for (long byteSize = 128; byteSize <= 4096; byteSize *= 2) {
            address = Libc.realloc(address, byteSize, critical);
        }
        long kept = Libc.EVERYTHING.get(ValueLayout.JAVA_LONG, address);
        Libc.free(address, critical);
        return kept;
    }

    /** {@code Unsafe.reallocateMemory}. */
    @Benchmark
    public long unsafe() {
        long address = Libc.UNSAFE.allocateMemory(64);
        Libc.UNSAFE.putLong(address, 42);
        for (long byteSize = 128; byteSize <= 4096; byteSize *= 2) {
            address = Libc.UNSAFE.reallocateMemory(address, byteSize);
        }
        long kept = Libc.UNSAFE.getLong(address);
        Libc.UNSAFE.freeMemory(address);
        return kept;
    }
}
