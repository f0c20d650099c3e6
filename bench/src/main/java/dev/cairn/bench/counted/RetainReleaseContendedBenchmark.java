package dev.cairn.bench.counted;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link RetainReleaseWorkload} with 2 threads on one shared item: each thread retains and
 * releases the same count. Target: {@code cairnAtomic} at most 1.1x the {@code AtomicInteger}
 * baseline. The confined mode has no contended case: it belongs to one thread. The {@code ref*}
 * rows are a count in native memory under contention with none of Cairn's checks: a bare {@code
 * getAndAdd} (what Cairn's atomic mode does) and the guessed exchange loop it did before, both on
 * a native segment shared by the two threads.
 */
@Threads(2)
public class RetainReleaseContendedBenchmark extends RetainReleaseWorkload {

    /** {@return whether the count returned to 1} Reference: the exchange loop on a native segment. */
    @Benchmark
    public boolean refSegmentExchangeLoop(RetainReleaseStates.Raw raw) {
        return RetainReleaseStates.segmentExchangeLoop(raw.segment);
    }

    /** {@return whether the count reached zero (never)} Reference: getAndAdd on the native segment. */
    @Benchmark
    public boolean refSegmentGetAndAdd(RetainReleaseStates.Raw raw) {
        return RetainReleaseStates.segmentAddSubtract(raw.segment);
    }
}
