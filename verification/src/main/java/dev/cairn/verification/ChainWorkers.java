package dev.cairn.verification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a campaign runs its chains on: the calling thread and {@code threadCount - 1}
 * others, each with its own {@link OtherThread} for the wrong-thread actions of its chains.
 * Chains are independent (each makes its own pool and allocator on the thread that runs it, so
 * that thread is their owner), so a batch of them is shared out by taking the next index until
 * none is left.
 *
 * <p>One batch at a time, from the thread that made the workers.
 */
final class ChainWorkers implements AutoCloseable {

    /** The most threads a campaign may use. */
    static final int THREAD_COUNT_MAX = 64;

    /** Runs one chain. */
    @FunctionalInterface
    interface ChainTask<R> {
        /**
         * {@return the result of chain {@code index} of the batch}
         *
         * @param index       the chain's index in the batch
         * @param otherThread the other thread of the worker that runs it
         */
        R run(int index, OtherThread otherThread);
    }

    private final ExecutorService executor;
    private final OtherThread[] otherThreads;

    /**
     * Starts the workers.
     *
     * @param threadCount the threads, the calling one included, in [1, {@value #THREAD_COUNT_MAX}]
     * @throws IllegalArgumentException if {@code threadCount} is out of range
     */
    ChainWorkers(int threadCount) {
        if (threadCount < 1 || threadCount > THREAD_COUNT_MAX) {
            throw new IllegalArgumentException("threadCount=" + threadCount + " must be in [1, " + THREAD_COUNT_MAX + "]");
        }
        otherThreads = new OtherThread[threadCount];
        for (int i = 0; i < threadCount; i++) {
            otherThreads[i] = new OtherThread();
        }
        AtomicInteger names = new AtomicInteger(1);
        executor = threadCount == 1 ? null : Executors.newFixedThreadPool(threadCount - 1,
                task -> Thread.ofPlatform().daemon().name("cairn-campaign-" + names.getAndIncrement()).unstarted(task));
    }

    /** {@return the other thread of the calling thread's worker}: for work between batches, such as shrinking */
    OtherThread callerOtherThread() {
        return otherThreads[0];
    }

    /**
     * Runs {@code count} chains on the workers and returns their results by index.
     *
     * @param <R>   the result type
     * @param count the chains in the batch
     * @param task  runs one chain
     * @return the results, in index order
     */
    <R> List<R> runAll(int count, ChainTask<R> task) {
        Object[] results = new Object[count];
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> others = new ArrayList<>();
        for (int worker = 1; worker < otherThreads.length; worker++) {
            OtherThread otherThread = otherThreads[worker];
            others.add(executor.submit(() -> drain(next, results, task, otherThread)));
        }
        drain(next, results, task, otherThreads[0]);
        for (Future<?> other : others) {
            awaitWorker(other);
        }
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) Arrays.asList(results);
        return list;
    }

    private static <R> void drain(AtomicInteger next, Object[] results, ChainTask<R> task, OtherThread otherThread) {
        for (int index = next.getAndIncrement(); index < results.length; index = next.getAndIncrement()) {
            results[index] = task.run(index, otherThread);
        }
    }

    private static void awaitWorker(Future<?> worker) {
        try {
            worker.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a campaign worker ran", interrupted);
        } catch (ExecutionException failed) {
            switch (failed.getCause()) {
                case RuntimeException unchecked -> throw unchecked;
                case Error error -> throw error;
                default -> throw new IllegalStateException("a campaign worker failed", failed.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        for (OtherThread otherThread : otherThreads) {
            otherThread.close();
        }
    }
}
