package dev.cairn.bench.counted;

import dev.cairn.bench.counted.RetainReleaseStates.Shared;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One retain and one release of an item that stays live (count 1 -> 2 -> 1): Cairn's atomic
 * counted item against what users would pick instead, an {@code AtomicInteger} (the baseline), a
 * {@code VarHandle} on an {@code int} field, and Netty's {@code AbstractReferenceCounted}. The
 * subclasses, one per thread count, are the benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public abstract class RetainReleaseWorkload {

    /** {@return whether the release destroyed the item (never)} Cairn, atomic mode. */
    @Benchmark
    public boolean cairnAtomic(Shared shared) {
        return RetainReleaseStates.retainRelease(shared.atomic);
    }

    /**
     * {@return whether the release destroyed the item (never)} Reference: the least a conforming
     * atomic handle does ({@link CheckedCount}), getAndAdd with the liveness and result checks.
     */
    @Benchmark
    public boolean refCheckedGetAndAdd(RetainReleaseStates.Raw raw) {
        return RetainReleaseStates.checkedRetainRelease(raw.checked);
    }

    /** {@return whether the count reached zero (never)} An {@code AtomicInteger}. */
    @Benchmark
    public boolean baselineAtomicInteger(Shared shared) {
        return RetainReleaseStates.incrementDecrement(shared.atomicInteger);
    }

    /** {@return whether the count reached zero (never)} A {@code VarHandle} on a field. */
    @Benchmark
    public boolean varHandleField(Shared shared) {
        return RetainReleaseStates.addSubtract(shared);
    }

    /** {@return whether the release destroyed the object (never)} Netty's AbstractReferenceCounted. */
    @Benchmark
    public boolean nettyReferenceCounted(Shared shared) {
        return RetainReleaseStates.retainRelease(shared.netty);
    }
}
