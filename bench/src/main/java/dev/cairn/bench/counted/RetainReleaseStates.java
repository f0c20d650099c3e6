package dev.cairn.bench.counted;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.impl.GeneralAllocators;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The items and the one operation (a retain, then a release that leaves the item live) of the
 * retain/release workload, shared by {@link RetainReleaseBenchmark} (1 thread) and {@link
 * RetainReleaseContendedBenchmark} (2 threads on one item).
 */
public final class RetainReleaseStates {

    private RetainReleaseStates() {
    }

    /** One item per kind of count, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        static final VarHandle COUNT;

        static {
            try {
                COUNT = MethodHandles.lookup().findVarHandle(Shared.class, "count", int.class);
            } catch (ReflectiveOperationException impossible) {
                throw new ExceptionInInitializerError(impossible);
            }
        }

        final AtomicInteger atomicInteger = new AtomicInteger(1);
        volatile int count = 1;
        final ReferenceCounted netty = new NettyCounted();
        GeneralAllocator allocator;
        RefCounted atomic;

        /** Allocates the Cairn item on Cairn's shared general allocator. */
        @Setup(Level.Trial)
        public void allocate() {
            allocator = GeneralAllocators.shared();
            atomic = allocator.allocateCounted(Type.BYTE, 64, 1, CountMode.ATOMIC);
        }

        /** Releases the item and closes the allocator. */
        @TearDown(Level.Trial)
        public void free() {
            atomic.release();
            allocator.close();
        }
    }

    /** The confined item, allocated on the thread that uses it. */
    @State(Scope.Thread)
    public static class Owned {
        GeneralAllocator allocator;
        RefCounted confined;

        /** Allocates the item on the benchmark thread, which owns it, from a confined allocator. */
        @Setup(Level.Trial)
        public void allocate() {
            allocator = GeneralAllocators.confined();
            confined = allocator.allocateCounted(Type.BYTE, 64, 1, CountMode.CONFINED);
        }

        /** Releases the item and closes the allocator. */
        @TearDown(Level.Trial)
        public void free() {
            confined.release();
            allocator.close();
        }
    }

    /**
     * Reference points that split Cairn's cost: {@code getAndAdd} on a native segment (what the
     * atomic mode does, without its checks), the same with the checks no conforming handle can
     * skip ({@link CheckedCount}), and the guessed exchange loop the atomic mode did before, on a
     * plain {@code int} field and on the segment.
     */
    @State(Scope.Benchmark)
    public static class Raw {
        static final VarHandle SEGMENT_COUNT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();
        static final VarHandle FIELD_COUNT;

        static {
            try {
                FIELD_COUNT = MethodHandles.lookup().findVarHandle(Raw.class, "count", int.class);
            } catch (ReflectiveOperationException impossible) {
                throw new ExceptionInInitializerError(impossible);
            }
        }

        volatile int count = 1;
        Arena arena;
        MemorySegment segment;
        MemorySegment plainSegment;
        CheckedCount checked;

        /** Allocates the native counts, 1 each: the bare atomic one, the checked one and the plain one, on separate lines. */
        @Setup(Level.Trial)
        public void allocate() {
            arena = Arena.ofShared();
            segment = arena.allocate(ValueLayout.JAVA_INT);
            segment.set(ValueLayout.JAVA_INT, 0, 1);
            checked = new CheckedCount(arena.allocate(ValueLayout.JAVA_INT, 64));
            plainSegment = arena.allocate(ValueLayout.JAVA_INT, 64);
            plainSegment.set(ValueLayout.JAVA_INT, 0, 1);
        }

        /** Frees it. */
        @TearDown(Level.Trial)
        public void free() {
            arena.close();
        }
    }

    /** A Netty reference-counted object that frees nothing (the item stays live). */
    static final class NettyCounted extends AbstractReferenceCounted {
        @Override
        protected void deallocate() {
        }

        @Override
        public ReferenceCounted touch(Object hint) {
            return this;
        }
    }

    static boolean retainRelease(RefCounted item) {
        item.retain();
        return item.release();
    }

    static boolean incrementDecrement(AtomicInteger count) {
        count.incrementAndGet();
        return count.decrementAndGet() == 0;
    }

    static boolean addSubtract(Shared shared) {
        Shared.COUNT.getAndAdd(shared, 1);
        return (int) Shared.COUNT.getAndAdd(shared, -1) == 1;
    }

    static boolean segmentPlainAddSubtract(MemorySegment count) {
        count.set(ValueLayout.JAVA_INT, 0, count.get(ValueLayout.JAVA_INT, 0) + 1);
        int released = count.get(ValueLayout.JAVA_INT, 0) - 1;
        count.set(ValueLayout.JAVA_INT, 0, released);
        return released == 0;
    }

    static boolean segmentExchangeLoop(MemorySegment count) {
        int expected = 1;
        for (int witness; (witness = (int) Raw.SEGMENT_COUNT.compareAndExchange(count, 0L, expected, expected + 1))
                != expected; ) {
            expected = witness;
        }
        expected = 2;
        for (int witness; (witness = (int) Raw.SEGMENT_COUNT.compareAndExchange(count, 0L, expected, expected - 1))
                != expected; ) {
            expected = witness;
        }
        return expected == 1;
    }

    static boolean segmentAddSubtract(MemorySegment count) {
        int countBeforeRetain = (int) Raw.SEGMENT_COUNT.getAndAdd(count, 0L, 1);
        return (int) Raw.SEGMENT_COUNT.getAndAdd(count, 0L, -1) == 1 && countBeforeRetain >= 0;
    }

    static boolean checkedRetainRelease(CheckedCount checked) {
        checked.retain();
        return checked.release();
    }

    static boolean fieldExchangeLoop(Raw raw) {
        int expected = 1;
        for (int witness; (witness = (int) Raw.FIELD_COUNT.compareAndExchange(raw, expected, expected + 1))
                != expected; ) {
            expected = witness;
        }
        expected = 2;
        for (int witness; (witness = (int) Raw.FIELD_COUNT.compareAndExchange(raw, expected, expected - 1))
                != expected; ) {
            expected = witness;
        }
        return expected == 1;
    }

    static boolean retainRelease(ReferenceCounted netty) {
        netty.retain();
        return netty.release();
    }
}
