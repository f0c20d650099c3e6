package dev.cairn.bench.stack;

import dev.cairn.StackPool;
import dev.cairn.impl.StackPoolOptions;
import dev.cairn.impl.StackPools;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.SegmentStack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/**
 * Push/pop cost does not grow with depth: the stack-frame workload run {@code frames} times
 * nested, on stacks that already hold {@code depth} open frames of one 16-byte block each. Flat
 * rows across {@code depth} show the cost is independent of depth; rows growing in proportion to
 * {@code frames} show each frame costs the same (cost per frame = ns/op / frames).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class StackDepthBenchmark {

    static final int STACK_BYTE_SIZE = 16 << 20;

    @Param({"0", "1024", "65536"})
    int depth;

    @Param({"1", "16"})
    int frames;

    Arena arena;
    StackPool pool;
    MemoryStack lwjglStack;
    SegmentStack segmentStack;
    BumpPointer bump;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        pool = StackPools.allocate(STACK_BYTE_SIZE, StackPoolOptions.DEFAULT.withLimits(1 << 20, 1 << 20));
        lwjglStack = MemoryStack.create(STACK_BYTE_SIZE);
        segmentStack = SegmentStack.create(STACK_BYTE_SIZE);
        bump = new BumpPointer(arena.allocate(STACK_BYTE_SIZE, 4096));
        for (int level = 0; level < depth; level++) {
            pool.mark();
            pool.pushUninitialized(dev.cairn.Type.BYTE, 16, 16);
            lwjglStack.push().nmalloc(16, 16);
            segmentStack.push().allocate(16, 16);
            bump.pushOffset(16, 16);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.closeAndReport();
        arena.close();
    }

    /** The baseline: a hand-written bump pointer returning slices. */
    @Benchmark
    public long baselineBumpSlices() {
        return StackWorkloads.bumpSlicesNested(bump, frames);
    }

    /** Cairn: mark, three raw pushes, frame close, per nested frame. */
    @Benchmark
    public long cairnFrame() {
        return StackWorkloads.cairnNested(pool, frames);
    }

    /** LWJGL: a cached {@code MemoryStack}, {@code push()} per nested frame. */
    @Benchmark
    public long lwjglCachedPush() {
        return StackWorkloads.lwjglNested(lwjglStack, frames);
    }

    /** LWJGL 3.4's FFM {@code SegmentStack}, {@code push()} per nested frame. */
    @Benchmark
    public long lwjglSegmentStack() {
        return StackWorkloads.segmentStackNested(segmentStack, frames);
    }
}
