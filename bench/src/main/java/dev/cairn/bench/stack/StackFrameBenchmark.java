package dev.cairn.bench.stack;

import dev.cairn.StackPool;
import dev.cairn.Type;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.concurrent.TimeUnit;

import static dev.cairn.bench.stack.StackWorkloads.ALIGNMENT;
import static dev.cairn.bench.stack.StackWorkloads.LARGE;
import static dev.cairn.bench.stack.StackWorkloads.MEDIUM;
import static dev.cairn.bench.stack.StackWorkloads.SMALL;

/**
 * The stack-frame workload (DESIGN.md, Performance): a frame, pushes of 16, 64 and 256 bytes
 * aligned 16, a long written into each, the frame closed. Cairn against the stack allocators a
 * user would pick instead.
 *
 * <p>Method names tell the report generator what a row is: {@code baseline*} is the group's
 * baseline (the hand-written bump pointer returning slices), {@code ref*} a reference point that
 * is not a peer, {@code cairn*} Cairn's, anything else a peer. Rows that zero their blocks say
 * so in their name ({@code Zeroed}, {@code Calloc}, {@code arena}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class StackFrameBenchmark {

    static final int STACK_BYTE_SIZE = 1 << 20;

    Arena arena;
    StackPool pool;
    StackPool debugPool;
    MemoryStack lwjglStack;
    SegmentStack segmentStack;
    BumpPointer bump;
    RecordingBumpPointer recordingBump;
    MemorySegment sliceMemory;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        pool = StackPools.allocate(STACK_BYTE_SIZE);
        debugPool = StackPools.allocate(STACK_BYTE_SIZE, StackPoolOptions.DEFAULT.withDebug(true));
        lwjglStack = MemoryStack.stackGet();
        segmentStack = SegmentStack.create(STACK_BYTE_SIZE);
        bump = new BumpPointer(arena.allocate(STACK_BYTE_SIZE, 4096));
        recordingBump = new RecordingBumpPointer(arena.allocate(STACK_BYTE_SIZE, 4096), 1024);
        sliceMemory = arena.allocate(STACK_BYTE_SIZE, 4096);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        debugPool.close();
        arena.close();
    }

    /** The baseline: a hand-written bump pointer returning slices. */
    @Benchmark
    public long baselineBumpSlices() {
        return StackWorkloads.bumpSlices(bump);
    }

    /** A bump pointer returning offsets into one segment: no segment per block at all. */
    @Benchmark
    public long refBumpOffsets() {
        return StackWorkloads.bumpOffsets(bump);
    }

    /**
     * The least any checked stack pool does: owner and fit checks and one record per block, so
     * that a pop or a frame close can restore the top exactly ({@link RecordingBumpPointer}).
     */
    @Benchmark
    public long refRecordingBump() {
        return StackWorkloads.recordingBump(recordingBump);
    }

    /** Cairn: mark, three raw pushes, frame close. */
    @Benchmark
    public long cairnFrame() {
        return StackWorkloads.cairn(pool);
    }

    /** Cairn without a frame: three raw pushes, three checked pops. */
    @Benchmark
    public long cairnPushPop() {
        MemorySegment a = pool.pushUninitialized(Type.BYTE, SMALL, ALIGNMENT);
        MemorySegment b = pool.pushUninitialized(Type.BYTE, MEDIUM, ALIGNMENT);
        MemorySegment c = pool.pushUninitialized(Type.BYTE, LARGE, ALIGNMENT);
        long result = StackWorkloads.touch(a, b, c);
        pool.pop(c);
        pool.pop(b);
        pool.pop(a);
        return result;
    }

    /** Cairn's zero-filling push through SegmentAllocator.allocate (compare LWJGL calloc). */
    @Benchmark
    public long cairnFrameZeroed() {
        try (StackPool.Frame frame = pool.mark()) {
            return StackWorkloads.allocatorPushes(pool);
        }
    }

    /** Cairn in debug mode: the cost of allocation sites, per-block arenas and poisoning. */
    @Benchmark
    public long cairnDebugFrame() {
        return StackWorkloads.cairn(debugPool);
    }

    /** LWJGL: the thread-local stack, {@code MemoryStack.stackPush()} per frame. */
    @Benchmark
    public long lwjglStackPush() {
        try (MemoryStack frame = MemoryStack.stackPush()) {
            return StackWorkloads.lwjglPushes(frame);
        }
    }

    /** LWJGL: a stack held in a field, {@code push()} per frame. */
    @Benchmark
    public long lwjglCachedPush() {
        return StackWorkloads.lwjgl(lwjglStack);
    }

    /** LWJGL: a cached stack, zero-filling {@code ncalloc}. */
    @Benchmark
    public long lwjglCachedCalloc() {
        try (MemoryStack frame = lwjglStack.push()) {
            return StackWorkloads.touch(frame.ncalloc((int) ALIGNMENT, 1, (int) SMALL),
                    frame.ncalloc((int) ALIGNMENT, 1, (int) MEDIUM), frame.ncalloc((int) ALIGNMENT, 1, (int) LARGE));
        }
    }

    /** LWJGL 3.4's FFM stack: a cached {@code SegmentStack}, {@code push()} per frame. */
    @Benchmark
    public long lwjglSegmentStack() {
        return StackWorkloads.segmentStack(segmentStack);
    }

    /** The JDK: a slicing allocator over one segment, made per frame. */
    @Benchmark
    public long slicingAllocatorPerFrame() {
        return StackWorkloads.allocatorPushes(SegmentAllocator.slicingAllocator(sliceMemory));
    }

    /** The JDK: a confined arena per frame (malloc and free per block, zero-filled). */
    @Benchmark
    public long arenaPerFrame() {
        try (Arena frame = Arena.ofConfined()) {
            return StackWorkloads.allocatorPushes(frame);
        }
    }
}
