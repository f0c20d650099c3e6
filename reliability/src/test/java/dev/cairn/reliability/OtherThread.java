package dev.cairn.reliability;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A second thread that runs one call at a time and hands back what it threw: how the tests make
 * wrong-thread calls (SP-7, GA-5, RC-6) and cross-thread frees (GA-5).
 */
final class OtherThread implements AutoCloseable {

    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cairn-reliability-other");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Runs {@code call} on the other thread and waits for it.
     * @param call what to run
     * @return what it threw, or {@code null}
     */
    Throwable run(Runnable call) {
        Future<Throwable> done = executor.submit(() -> {
            try {
                call.run();
                return null;
            } catch (RuntimeException | Error failure) {
                return failure;
            }
        });
        try {
            return done.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for thread=cairn-reliability-other", interrupted);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException("the other thread failed outside the call", impossible.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
