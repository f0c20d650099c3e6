package dev.cairn.bench.counted;

import dev.cairn.bench.counted.RetainReleaseStates.Owned;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link RetainReleaseWorkload} on one thread, plus Cairn's confined mode. Targets (DESIGN.md):
 * {@code cairnAtomic} at most 1.05x the {@code AtomicInteger} baseline, {@code cairnConfined} at
 * most 0.3x.
 */
@Threads(1)
public class RetainReleaseBenchmark extends RetainReleaseWorkload {

    /** {@return whether the release destroyed the item (never)} Cairn, confined mode. */
    @Benchmark
    public boolean cairnConfined(Owned owned) {
        return RetainReleaseStates.retainRelease(owned.confined);
    }
}
