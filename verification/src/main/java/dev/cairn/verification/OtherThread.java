package dev.cairn.verification;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A second thread for the wrong-thread actions (SP-7, GA-5, RC-6): runs a call there, waits at
 * most {@link #TIMEOUT_SECONDS} for it, and returns its result or rethrows what it threw here.
 *
 * <p>The hand-over is tuned for a machine with few cores. Waking a parked thread costs 30 to 60
 * microseconds on the 2-core virtual machines this was measured on, as much as ten actions, so
 * both sides wait in three stages: a short busy spin ({@link Thread#onSpinWait()}), then a spin
 * that yields the core at every turn ({@link Thread#yield()}: it takes no time from a thread that
 * wants the core, such as the JIT compiler or the other side itself), and only then a park. The
 * caller yield-spins for {@link #CALLER_YIELD_NANOS}, longer than a call takes. The worker
 * yield-spins for {@link #WORKER_YIELD_NANOS} after a call, longer than the usual gap between two
 * wrong-thread actions of a campaign, so that it is still awake for the next one. Measured on a
 * 20,000-chain campaign of 64-action chains against the implementation (second half, after the
 * JIT): 182k to 199k actions per second of wall time with the yielding spins (and the general
 * allocator's chunk cache), against 129k to 142k with a caller that parks at once and a worker
 * that parks after 30 microseconds (docs/harness.md). One caller thread at a time.
 */
public final class OtherThread implements AutoCloseable {

    /** The longest wait for one call. */
    public static final long TIMEOUT_SECONDS = 10;

    /** How long the caller busy-spins for the result before it yields. */
    static final long CALLER_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(2);

    /** How long the caller spins, yielding, before it parks. */
    static final long CALLER_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /** How long the worker busy-spins for the next call before it yields. */
    static final long WORKER_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(30);

    /** How long the worker spins, yielding, for the next call before it parks. */
    static final long WORKER_YIELD_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

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
            } else if (waited < CALLER_YIELD_NANOS) {
                Thread.yield();
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
            long waited = System.nanoTime() - start;
            if (waited < WORKER_SPIN_NANOS) {
                Thread.onSpinWait();
            } else if (waited < WORKER_YIELD_NANOS) {
                Thread.yield();
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
