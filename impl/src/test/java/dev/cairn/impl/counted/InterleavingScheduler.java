package dev.cairn.impl.counted;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs real threads one step at a time in an order it chooses, so that every interleaving of
 * their steps can be enumerated (stateless model checking). A step is a call of {@link #step()}:
 * code under test calls it right before each access to shared memory. Between two steps a thread
 * runs alone; the choice at each point is which waiting thread goes next.
 *
 * <p>{@link #explore} replays the scenario once per interleaving, depth first: each run follows a
 * prefix of choices, then takes the lowest-numbered thread; the next run moves the last choice that
 * still has an untried alternative. A run with more than {@link #STEP_MAX} steps, or a thread that
 * does not reach its next step within {@link #STEP_TIMEOUT_SECONDS}, fails the exploration.
 */
final class InterleavingScheduler {

    /** A limit on the steps of one run. */
    static final int STEP_MAX = 200;
    /** A limit on the wall time one step may take. */
    static final long STEP_TIMEOUT_SECONDS = 10;

    /** One scenario run: sets up shared state, then names what each thread does. */
    interface Scenario {
        /** {@return the work of each thread, started fresh for this run} */
        List<Runnable> threads();

        /**
         * Checks the outcome after every thread finished.
         *
         * @return a description of what went wrong, or {@code null} if nothing did
         */
        String check();
    }

    /**
     * What the exploration found.
     *
     * @param runs           the number of interleavings run
     * @param counterexample the first failing schedule (thread numbers in step order) and what
     *                       failed, or {@code null} if every interleaving passed
     */
    record Exploration(long runs, String counterexample) {
    }

    private static final ThreadLocal<InterleavingScheduler> CURRENT = new ThreadLocal<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Thread> workers = new ArrayList<>();
    private final List<Thread> waiting = new ArrayList<>();
    private Thread granted;
    private int finished;

    private InterleavingScheduler() {
    }

    /**
     * Waits until the scheduler lets the calling thread take its next step; does nothing on a
     * thread the scheduler does not run.
     */
    static void step() {
        InterleavingScheduler scheduler = CURRENT.get();
        if (scheduler != null) {
            scheduler.awaitTurn();
        }
    }

    /**
     * Runs {@code scenario} once per interleaving of its threads' steps, until one fails its check
     * or all were run.
     *
     * @param scenarios makes a fresh scenario per run
     * @param runMax    a limit on the number of runs
     * @return what was found
     */
    static Exploration explore(java.util.function.Supplier<Scenario> scenarios, long runMax) throws InterruptedException {
        List<int[]> decisions = new ArrayList<>();   // per decision: {chosen, optionCount}
        long runs = 0;
        while (true) {
            runs++;
            if (runs > runMax) {
                throw new AssertionError("more than runMax=" + runMax + " interleavings");
            }
            Scenario scenario = scenarios.get();
            List<Integer> schedule = new InterleavingScheduler().runOnce(scenario.threads(), decisions);
            String failure = scenario.check();
            if (failure != null) {
                return new Exploration(runs, "schedule=" + schedule + ": " + failure);
            }
            if (!backtrack(decisions)) {
                return new Exploration(runs, null);
            }
        }
    }

    private static boolean backtrack(List<int[]> decisions) {
        while (!decisions.isEmpty()) {
            int[] last = decisions.getLast();
            if (last[0] + 1 < last[1]) {
                last[0]++;
                return true;
            }
            decisions.removeLast();
        }
        return false;
    }

    /** Runs the threads once, following {@code decisions} as far as they go and extending them. */
    private List<Integer> runOnce(List<Runnable> work, List<int[]> decisions) throws InterruptedException {
        for (int index = 0; index < work.size(); index++) {
            Runnable body = work.get(index);
            workers.add(Thread.ofPlatform().name("interleaved-" + index).unstarted(() -> runWorker(body)));
        }
        workers.forEach(Thread::start);
        List<Integer> schedule = new ArrayList<>();
        for (int depth = 0; ; depth++) {
            Thread next = choose(decisions, depth);
            if (next == null) {
                break;
            }
            schedule.add(workers.indexOf(next));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return schedule;
    }

    private void runWorker(Runnable body) {
        CURRENT.set(this);
        try {
            awaitTurn();
            body.run();
        } finally {
            CURRENT.remove();
            lock.lock();
            try {
                finished++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until every thread waits or finished, then grants one; {@code null} when all finished. */
    private Thread choose(List<int[]> decisions, int depth) throws InterruptedException {
        if (depth > STEP_MAX) {
            throw new AssertionError("a run took more than stepMax=" + STEP_MAX + " steps");
        }
        lock.lock();
        try {
            while (granted != null || waiting.size() + finished < workers.size()) {
                if (!changed.await(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("a thread did not reach its next step within " + STEP_TIMEOUT_SECONDS + " s");
                }
            }
            if (waiting.isEmpty()) {
                return null;
            }
            List<Thread> options = new ArrayList<>(waiting);
            options.sort((a, b) -> Integer.compare(workers.indexOf(a), workers.indexOf(b)));
            if (depth == decisions.size()) {
                decisions.add(new int[] {0, options.size()});
            } else if (decisions.get(depth)[1] != options.size()) {
                throw new AssertionError("the scenario is not deterministic: at step " + depth + " options="
                        + options.size() + " but an earlier run had " + decisions.get(depth)[1]);
            }
            granted = options.get(decisions.get(depth)[0]);
            changed.signalAll();
            return granted;
        } finally {
            lock.unlock();
        }
    }

    private void awaitTurn() {
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            waiting.add(me);
            changed.signalAll();
            while (granted != me) {
                changed.awaitUninterruptibly();
            }
            granted = null;
            waiting.remove(me);
        } finally {
            lock.unlock();
        }
    }
}
