package dev.cairn.alloy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntSupplier;

/**
 * The time one solver call took: the CPU time of the solving thread (Kodkod and SAT4J solve in
 * the calling thread), which other processes' load on a shared machine does not inflate, and the
 * wall-clock time, which it does.
 *
 * @param cpuNanos  the calling thread's CPU time spent in the call, in nanoseconds
 * @param wallNanos the wall-clock time the call took, in nanoseconds
 * @param outcome   the call's result
 */
record SolveTime(long cpuNanos, long wallNanos, int outcome) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** {@return the time and the result of a call on the current thread} @param call the call */
    static SolveTime of(IntSupplier call) {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        int outcome = call.getAsInt();
        return new SolveTime(THREADS.getCurrentThreadCpuTime() - cpuStart, System.nanoTime() - wallStart, outcome);
    }

    /** {@return the CPU time the current thread has used so far, in nanoseconds} */
    static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** {@return the CPU time in milliseconds} */
    long cpuMillis() {
        return cpuNanos / 1_000_000;
    }

    /** {@return the wall-clock time in milliseconds} */
    long wallMillis() {
        return wallNanos / 1_000_000;
    }
}
