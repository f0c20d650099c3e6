package dev.cairn.bench.counted;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link RetainReleaseWorkload} with 2 threads on one shared item: each thread retains and
 * releases the same count. Target: {@code cairnAtomic} at most 1.1x the {@code AtomicInteger}
 * baseline. The confined mode has no contended case: it belongs to one thread.
 */
@Threads(2)
public class RetainReleaseContendedBenchmark extends RetainReleaseWorkload {
}
