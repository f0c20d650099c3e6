package dev.cairn.verification;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A second thread for the wrong-thread actions (SP-7, GA-5, RC-6): runs a call there, waits at
 * most {@link #TIMEOUT_SECONDS} for it, and returns its result or rethrows what it threw here.
 */
public final class OtherThread implements AutoCloseable {

    /** The longest wait for one call. */
    public static final long TIMEOUT_SECONDS = 10;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cairn-harness-other");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Runs {@code call} on the other thread.
     *
     * @param <T>  the result type
     * @param call what to run
     * @return what it returned
     * @throws RuntimeException what it threw, or an {@link IllegalStateException} on a timeout
     */
    public <T> T call(Supplier<T> call) {
        Future<T> future = executor.submit(call::get);
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the other thread", interrupted);
        } catch (TimeoutException timeout) {
            future.cancel(true);
            throw new IllegalStateException("timeoutSeconds=" + TIMEOUT_SECONDS + " passed on the other thread", timeout);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
