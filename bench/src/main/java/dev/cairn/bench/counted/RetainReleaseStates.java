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

    static boolean retainRelease(ReferenceCounted netty) {
        netty.retain();
        return netty.release();
    }
}
