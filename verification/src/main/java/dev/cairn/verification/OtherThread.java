package dev.cairn.verification;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A second thread for the wrong-thread actions (SP-7, GA-5, RC-6): runs a call there, waits at
 * most {@link #TIMEOUT_SECONDS} for it, and returns its result or rethrows what it threw here.
 *
 * <p>The hand-over is tuned for a machine with few cores shared with other work. The caller
 * parks almost at once ({@link #CALLER_SPIN_NANOS}): a caller that spins holds the core the worker
 * may need to run on, and on two busy cores that made each hand-over cost a scheduling quantum
 * (profiled: a quarter of the campaign thread's time). The worker spins for {@link
 * #WORKER_SPIN_NANOS} after a call before it parks, because the two sides of a run send their
 * wrong-thread calls one right after the other: the second one then needs no wake-up. One caller
 * thread at a time.
 */
public final class OtherThread implements AutoCloseable {

    /** The longest wait for one call. */
    public static final long TIMEOUT_SECONDS = 10;

    /** How long the caller spins for the result before it parks. */
    static final long CALLER_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(2);

    /** How long the worker spins for the next call before it parks. */
    static final long WORKER_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(30);

    private final Thread worker;
    private volatile Supplier<?> task;
    private volatile boolean done;
    private volatile boolean closed;
    private volatile Thread caller;
    private Object result;
    private Throwable failure;

    /** Starts the thread. */
    public OtherThread() {
        worker = Thread.ofPlatform().daemon().name("cairn-harness-other").start(this::serve);
    }

    /**
     * Runs {@code call} on the other thread.
     *
     * @param <T>  the result type
     * @param call what to run
     * @return what it returned
     * @throws RuntimeException what it threw, or an {@link IllegalStateException} on a timeout or
     *                          after {@link #close()}
     */
    public <T> T call(Supplier<T> call) {
        start(call);
        return await();
    }

    /**
     * Starts {@code call} on the other thread and returns at once; {@link #await()} takes its
     * result. The caller may work meanwhile (RC-6: two threads on one count).
     *
     * @param call what to run
     * @throws IllegalStateException after {@link #close()}
     */
    public void start(Supplier<?> call) {
        if (closed) {
            throw new IllegalStateException("the other thread is closed");
        }
        caller = Thread.currentThread();
        done = false;
        task = call;
        LockSupport.unpark(worker);
    }

    /**
     * Waits for the call {@link #start} started.
     *
     * @param <T> the result type
     * @return what it returned
     * @throws RuntimeException what it threw, or an {@link IllegalStateException} on a timeout
     */
    @SuppressWarnings("unchecked")
    public <T> T await() {
        long start = System.nanoTime();
        while (!done) {
            long waited = System.nanoTime() - start;
            if (waited > TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)) {
                close();
                throw new IllegalStateException("timeoutSeconds=" + TIMEOUT_SECONDS + " passed on the other thread");
            }
            if (waited < CALLER_SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        Throwable thrown = failure;
        if (thrown instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        return (T) result;
    }

    private void serve() {
        while (!closed) {
            Supplier<?> next = awaitTask();
            if (next == null) {
                continue;
            }
            task = null;
            try {
                result = next.get();
                failure = null;
            } catch (RuntimeException | Error thrown) {
                result = null;
                failure = thrown;
            }
            done = true;
            LockSupport.unpark(caller);
        }
    }

    private Supplier<?> awaitTask() {
        long start = System.nanoTime();
        while (task == null && !closed) {
            if (System.nanoTime() - start < WORKER_SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        return task;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(worker);
    }
}
