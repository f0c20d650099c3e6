package dev.cairn.impl;

import dev.cairn.StackPool;
import dev.cairn.impl.stack.FfmStackPool;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Makes Cairn's FFM stack pools (SP-1..SP-9).
 *
 * <pre>{@code
 * try (StackPool pool = StackPools.allocate(64 * 1024)) {
 *     try (StackPool.Frame frame = pool.mark()) {
 *         MemorySegment name = pool.allocateFrom("cairn");        // SegmentAllocator (SP-9)
 *         MemorySegment ints = pool.allocate(JAVA_INT, 4);
 *         MemorySegment raw = pool.pushUninitialized(Type.BYTE, 256, 16);
 *     }                                                         // raw, ints, name popped here
 * }
 * }</pre>
 *
 * <p>A pool belongs to the thread that makes it (SP-7). Turn on the debug mode with {@link
 * StackPoolOptions#withDebug(boolean)} while developing: it records allocation sites for the leak
 * report and makes popped blocks unusable; see {@link StackPoolOptions#debug()}.
 */
public final class StackPools {

    private StackPools() {
    }

    /**
     * Makes a pool that owns {@code byteCapacity} bytes and frees them at close (SP-1), with
     * {@link StackPoolOptions#DEFAULT}.
     *
     * @param byteCapacity the byte size of the pool's memory, in {@code [1, 2^62]}
     * @return the pool, owned by the calling thread
     * @throws dev.cairn.fault.ArgumentFault   (SP-1) if {@code byteCapacity} is out of range
     * @throws dev.cairn.fault.AllocationFault (SP-1) if the memory cannot be had
     */
    public static StackPool allocate(long byteCapacity) {
        return allocate(byteCapacity, StackPoolOptions.DEFAULT);
    }

    /**
     * Makes a pool that owns {@code byteCapacity} bytes and frees them at close (SP-1).
     *
     * @param byteCapacity the byte size of the pool's memory, in {@code [1, 2^62]}
     * @param options      limits and debug mode
     * @return the pool, owned by the calling thread
     * @throws NullPointerException            if {@code options} is null
     * @throws dev.cairn.fault.ArgumentFault   (SP-1) if {@code byteCapacity} is out of range
     * @throws dev.cairn.fault.AllocationFault (SP-1) if the memory cannot be had
     */
    public static StackPool allocate(long byteCapacity, StackPoolOptions options) {
        return FfmStackPool.owning(byteCapacity, Objects.requireNonNull(options, "options"));
    }

    /**
     * Makes a pool over memory the application supplies and keeps: the pool never frees it and
     * never writes outside the blocks it hands out (SP-1). Blocks are aligned relative to the
     * segment's address, so give a segment aligned to the largest alignment you will push.
     *
     * @param memory native, writable memory accessible by the calling thread
     * @return the pool, owned by the calling thread
     * @throws NullPointerException          if {@code memory} is null
     * @throws dev.cairn.fault.ArgumentFault (SP-1) if {@code memory} is not native, is read-only,
     *                                       is not accessible by the calling thread, or exceeds
     *                                       2<sup>62</sup> bytes
     */
    public static StackPool over(MemorySegment memory) {
        return over(memory, StackPoolOptions.DEFAULT);
    }

    /**
     * Makes a pool over memory the application supplies and keeps (SP-1).
     *
     * @param memory  native, writable memory accessible by the calling thread
     * @param options limits and debug mode
     * @return the pool, owned by the calling thread
     * @throws NullPointerException          if an argument is null
     * @throws dev.cairn.fault.ArgumentFault (SP-1) if {@code memory} is not native, is read-only,
     *                                       is not accessible by the calling thread, or exceeds
     *                                       2<sup>62</sup> bytes
     */
    public static StackPool over(MemorySegment memory, StackPoolOptions options) {
        return FfmStackPool.over(Objects.requireNonNull(memory, "memory"), Objects.requireNonNull(options, "options"));
    }
}
