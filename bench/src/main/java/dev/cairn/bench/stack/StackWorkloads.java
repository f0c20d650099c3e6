package dev.cairn.bench.stack;

import dev.cairn.StackPool;
import dev.cairn.Type;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.system.SegmentStack;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The stack-frame workload, once per allocator: open a frame, push 16, 64 and 256 bytes aligned
 * 16, write a long into each, close the frame (popping all three). Each returns a value derived
 * from the three blocks so that nothing can be eliminated. The {@code nested} variants run
 * {@code frames} such frames, each inside the previous one.
 */
final class StackWorkloads {

    static final long SMALL = 16;
    static final long MEDIUM = 64;
    static final long LARGE = 256;
    static final long ALIGNMENT = 16;

    private StackWorkloads() {
    }

    /** Writes a long into each block and returns a value that depends on all three. */
    static long touch(MemorySegment a, MemorySegment b, MemorySegment c) {
        a.set(JAVA_LONG, 0, 1);
        b.set(JAVA_LONG, 0, 2);
        c.set(JAVA_LONG, 0, 3);
        return a.address() ^ b.address() ^ c.address();
    }

    /** Writes a long at each address (LWJGL's raw addresses) and returns a value that depends on all three. */
    static long touch(long a, long b, long c) {
        MemoryUtil.memPutLong(a, 1);
        MemoryUtil.memPutLong(b, 2);
        MemoryUtil.memPutLong(c, 3);
        return a ^ b ^ c;
    }

    static long cairn(StackPool pool) {
        try (StackPool.Frame frame = pool.mark()) {
            return cairnPushes(pool);
        }
    }

    static long cairnPushes(StackPool pool) {
        return touch(pool.pushUninitialized(Type.BYTE, SMALL, ALIGNMENT),
                pool.pushUninitialized(Type.BYTE, MEDIUM, ALIGNMENT),
                pool.pushUninitialized(Type.BYTE, LARGE, ALIGNMENT));
    }

    static long cairnNested(StackPool pool, int frames) {
        try (StackPool.Frame frame = pool.mark()) {
            long result = cairnPushes(pool);
            return frames > 1 ? result ^ cairnNested(pool, frames - 1) : result;
        }
    }

    static long lwjglPushes(MemoryStack stack) {
        return touch(stack.nmalloc((int) ALIGNMENT, (int) SMALL),
                stack.nmalloc((int) ALIGNMENT, (int) MEDIUM),
                stack.nmalloc((int) ALIGNMENT, (int) LARGE));
    }

    static long lwjgl(MemoryStack stack) {
        try (MemoryStack frame = stack.push()) {
            return lwjglPushes(frame);
        }
    }

    static long lwjglNested(MemoryStack stack, int frames) {
        try (MemoryStack frame = stack.push()) {
            long result = lwjglPushes(frame);
            return frames > 1 ? result ^ lwjglNested(stack, frames - 1) : result;
        }
    }

    static long segmentStackPushes(SegmentStack stack) {
        return touch(stack.allocate(SMALL, ALIGNMENT), stack.allocate(MEDIUM, ALIGNMENT), stack.allocate(LARGE, ALIGNMENT));
    }

    static long segmentStack(SegmentStack stack) {
        try (SegmentStack frame = stack.push()) {
            return segmentStackPushes(frame);
        }
    }

    static long segmentStackNested(SegmentStack stack, int frames) {
        try (SegmentStack frame = stack.push()) {
            long result = segmentStackPushes(frame);
            return frames > 1 ? result ^ segmentStackNested(stack, frames - 1) : result;
        }
    }

    /** Pushes through any SegmentAllocator (slicing allocator, arena, Cairn's zeroing allocate). */
    static long allocatorPushes(SegmentAllocator allocator) {
        return touch(allocator.allocate(SMALL, ALIGNMENT), allocator.allocate(MEDIUM, ALIGNMENT),
                allocator.allocate(LARGE, ALIGNMENT));
    }

    static long bumpSlices(BumpPointer bump) {
        long saved = bump.top;
        long result = bumpSlicePushes(bump);
        bump.top = saved;
        return result;
    }

    static long bumpSlicePushes(BumpPointer bump) {
        return touch(bump.pushSlice(SMALL, ALIGNMENT), bump.pushSlice(MEDIUM, ALIGNMENT), bump.pushSlice(LARGE, ALIGNMENT));
    }

    static long bumpSlicesNested(BumpPointer bump, int frames) {
        long saved = bump.top;
        long result = bumpSlicePushes(bump);
        if (frames > 1) {
            result ^= bumpSlicesNested(bump, frames - 1);
        }
        bump.top = saved;
        return result;
    }

    static long recordingBump(RecordingBumpPointer bump) {
        int mark = bump.mark();
        long result = touch(bump.push(SMALL, ALIGNMENT), bump.push(MEDIUM, ALIGNMENT), bump.push(LARGE, ALIGNMENT));
        bump.closeFrame(mark);
        return result;
    }

    static long bumpOffsets(BumpPointer bump) {
        long saved = bump.top;
        long a = bump.pushOffset(SMALL, ALIGNMENT);
        long b = bump.pushOffset(MEDIUM, ALIGNMENT);
        long c = bump.pushOffset(LARGE, ALIGNMENT);
        bump.memory.set(JAVA_LONG, a, 1);
        bump.memory.set(JAVA_LONG, b, 2);
        bump.memory.set(JAVA_LONG, c, 3);
        bump.top = saved;
        return a ^ b ^ c;
    }
}
