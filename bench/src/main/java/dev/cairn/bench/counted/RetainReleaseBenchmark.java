package dev.cairn.bench.counted;

import dev.cairn.bench.counted.RetainReleaseStates.Owned;
import dev.cairn.bench.counted.RetainReleaseStates.Raw;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link RetainReleaseWorkload} on one thread, plus Cairn's confined mode. Targets (DESIGN.md):
 * {@code cairnAtomic} at most 1.05x the {@code AtomicInteger} baseline, {@code cairnConfined} at
 * most 0.3x. The {@code ref*} rows split Cairn's cost: {@code getAndAdd} on a bare native
 * segment (Cairn's atomic mode without Cairn's checks: the floor of any count in native memory
 * without {@code Unsafe}), and the guessed exchange loop Cairn used before, on an {@code int}
 * field (CAS against {@code AtomicInteger}'s add) and on that segment.
 */
@Threads(1)
public class RetainReleaseBenchmark extends RetainReleaseWorkload {

    /** {@return whether the release destroyed the item (never)} Cairn, confined mode. */
    @Benchmark
    public boolean cairnConfined(Owned owned) {
        return RetainReleaseStates.retainRelease(owned.confined);
    }

    /** {@return whether the count returned to 1} Reference: the guessed exchange loop on an int field. */
    @Benchmark
    public boolean refFieldExchangeLoop(Raw raw) {
        return RetainReleaseStates.fieldExchangeLoop(raw);
    }

    /** {@return whether the count returned to 1} Reference: the same loop on a native segment. */
    @Benchmark
    public boolean refSegmentExchangeLoop(Raw raw) {
        return RetainReleaseStates.segmentExchangeLoop(raw.segment);
    }

    /**
     * {@return whether the count reached zero (never)} Reference: the confined mode's least, a
     * plain read and write of the count in native memory per call (RC-1 puts it there), with no
     * check at all; the confined target is measured against it.
     */
    @Benchmark
    public boolean refSegmentPlain(Raw raw) {
        return RetainReleaseStates.segmentPlainAddSubtract(raw.plainSegment);
    }

    /** {@return whether the count reached zero (never)} Reference: getAndAdd on the native segment. */
    @Benchmark
    public boolean refSegmentGetAndAdd(Raw raw) {
        return RetainReleaseStates.segmentAddSubtract(raw.segment);
    }
}
