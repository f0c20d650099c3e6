package dev.cairn.bench.counted;

import dev.cairn.CountMode;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.GeneralAllocator;
import dev.cairn.impl.GeneralAllocators;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One retain and one release of an item that stays live (count 1 -> 2 -> 1): Cairn's atomic and
 * confined counted items against what users would pick instead, an {@link AtomicInteger}, a
 * {@link VarHandle} on an {@code int} field, and Netty's {@link AbstractReferenceCounted}; single
 * thread, and 2 threads on one shared item ({@code *Contended}). The confined mode has no
 * contended case: it belongs to one thread.
 *
 * <p>Targets (DESIGN.md): atomic at most 1.05x {@code atomicInteger}, confined at most 0.3x,
 * {@code cairnAtomicContended} at most 1.1x {@code atomicIntegerContended}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class RetainReleaseBenchmark {

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

    private static boolean retainRelease(RefCounted item) {
        item.retain();
        return item.release();
    }

    private static boolean incrementDecrement(AtomicInteger count) {
        count.incrementAndGet();
        return count.decrementAndGet() == 0;
    }

    private static boolean addSubtract(Shared shared) {
        Shared.COUNT.getAndAdd(shared, 1);
        return (int) Shared.COUNT.getAndAdd(shared, -1) == 1;
    }

    private static boolean retainRelease(ReferenceCounted netty) {
        netty.retain();
        return netty.release();
    }

    /** {@return whether the release destroyed the item (never)} Cairn, atomic mode. */
    @Benchmark
    @Threads(1)
    public boolean cairnAtomic(Shared shared) {
        return retainRelease(shared.atomic);
    }

    /** {@return whether the release destroyed the item (never)} Cairn, confined mode. */
    @Benchmark
    @Threads(1)
    public boolean cairnConfined(Owned owned) {
        return retainRelease(owned.confined);
    }

    /** {@return whether the count reached zero (never)} An {@link AtomicInteger}. */
    @Benchmark
    @Threads(1)
    public boolean atomicInteger(Shared shared) {
        return incrementDecrement(shared.atomicInteger);
    }

    /** {@return whether the count reached zero (never)} A {@link VarHandle} on a field. */
    @Benchmark
    @Threads(1)
    public boolean varHandleField(Shared shared) {
        return addSubtract(shared);
    }

    /** {@return whether the release destroyed the object (never)} Netty's AbstractReferenceCounted. */
    @Benchmark
    @Threads(1)
    public boolean nettyReferenceCounted(Shared shared) {
        return retainRelease(shared.netty);
    }

    /** {@return whether the release destroyed the item (never)} Cairn, atomic mode, 2 threads. */
    @Benchmark
    @Threads(2)
    public boolean cairnAtomicContended(Shared shared) {
        return retainRelease(shared.atomic);
    }

    /** {@return whether the count reached zero (never)} AtomicInteger, 2 threads. */
    @Benchmark
    @Threads(2)
    public boolean atomicIntegerContended(Shared shared) {
        return incrementDecrement(shared.atomicInteger);
    }

    /** {@return whether the count reached zero (never)} A VarHandle on a field, 2 threads. */
    @Benchmark
    @Threads(2)
    public boolean varHandleFieldContended(Shared shared) {
        return addSubtract(shared);
    }

    /** {@return whether the release destroyed the object (never)} Netty, 2 threads. */
    @Benchmark
    @Threads(2)
    public boolean nettyReferenceCountedContended(Shared shared) {
        return retainRelease(shared.netty);
    }
}
