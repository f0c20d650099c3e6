package dev.cairn.verification;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A second thread for the wrong-thread actions (SP-7, GA-5, RC-6): runs a call there, waits at
 * most {@link #TIMEOUT_SECONDS} for it, and returns its result or rethrows what it threw here.
 *
 * <p>The hand-over spins for up to {@link #SPIN_NANOS} before it parks, on both threads: the two
 * sides of a run send their wrong-thread calls one right after the other, and a parked thread can
 * take milliseconds to wake on a loaded machine. One caller thread at a time.
 */
public final class OtherThread implements AutoCloseable {

    /** The longest wait for one call. */
    public static final long TIMEOUT_SECONDS = 10;

    /** How long each thread spins before it parks. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

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
    @SuppressWarnings("unchecked")
    public <T> T call(Supplier<T> call) {
        if (closed) {
            throw new IllegalStateException("the other thread is closed");
        }
        caller = Thread.currentThread();
        done = false;
        task = call;
        LockSupport.unpark(worker);
        long start = System.nanoTime();
        while (!done) {
            long waited = System.nanoTime() - start;
            if (waited > TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)) {
                close();
                throw new IllegalStateException("timeoutSeconds=" + TIMEOUT_SECONDS + " passed on the other thread");
            }
            if (waited < SPIN_NANOS) {
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
            if (System.nanoTime() - start < SPIN_NANOS) {
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
