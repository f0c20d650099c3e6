package dev.cairn.verification;

import dev.cairn.fault.Clause;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A campaign: many generated chains against one target, each compared with the reference model.
 * Chain {@code i} has the seed {@code seed + i * GOLDEN}. On a violation the chain is shrunk and
 * kept as a {@link Finding}; what showed it is then masked for the rest of the campaign ({@link
 * Mask}, so that other clauses still get tested), and a clause is shrunk once.
 *
 * <p>Chains run in batches of {@value #BATCH_CHAIN_COUNT}, shared out among {@link
 * Settings#threadCount()} threads ({@link ChainWorkers}); the results are then taken in chain
 * order, and what a batch's violations teach the mask applies from the next batch on. So a
 * campaign is reproduced exactly by its seed, chain count, length and findings maximum, whatever
 * its thread count.
 */
public final class Campaign {

    /** The chains of one batch: they generate with the same mask. */
    public static final int BATCH_CHAIN_COUNT = 16;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Settings of a campaign.
     *
     * @param seed        the base seed
     * @param chainCount  the number of chains, at least 1
     * @param chainLength the number of generated actions per chain, at least 1
     * @param findingsMax the most findings before the campaign stops
     * @param threadCount the threads that run chains, in [1, 64]; the result does not depend on it
     */
    public record Settings(long seed, int chainCount, int chainLength, int findingsMax, int threadCount) {
        /** Checks the components. */
        public Settings {
            if (chainCount < 1 || chainLength < 1 || chainLength > Chain.LENGTH_MAX || findingsMax < 1
                    || threadCount < 1 || threadCount > ChainWorkers.THREAD_COUNT_MAX) {
                throw new IllegalArgumentException("chainCount=" + chainCount + " chainLength=" + chainLength
                        + " findingsMax=" + findingsMax + " threadCount=" + threadCount + " must be at least 1"
                        + " (chainLength at most " + Chain.LENGTH_MAX + ", threadCount at most "
                        + ChainWorkers.THREAD_COUNT_MAX + ")");
            }
        }

        /**
         * Settings for a campaign on the calling thread alone.
         *
         * @param seed        the base seed
         * @param chainCount  the number of chains, at least 1
         * @param chainLength the number of generated actions per chain, at least 1
         * @param findingsMax the most findings before the campaign stops
         */
        public Settings(long seed, int chainCount, int chainLength, int findingsMax) {
            this(seed, chainCount, chainLength, findingsMax, 1);
        }
    }

    /**
     * A violation found by a campaign.
     *
     * @param violation       the violation of the shrunk chain
     * @param chainSeed       the seed of the chain that showed it
     * @param actionsUntilFound the actions the campaign applied before it saw the violation
     * @param originalLength  the length of the failing chain
     * @param shrunk          the shrunk chain
     * @param shrinkRuns      the replays the shrinker spent
     */
    public record Finding(Violation violation, long chainSeed, long actionsUntilFound, int originalLength,
                          Chain shrunk, int shrinkRuns) {
    }

    /**
     * The result of a campaign.
     *
     * @param target    the target
     * @param settings  the settings
     * @param actions   the actions generated, skipped ones included (an action is skipped when the
     *                  state offers nothing to act on)
     * @param nanos     the wall time the chains took, shrinking excluded
     * @param cpuNanos  the CPU time the threads that ran the chains spent in them, summed (the
     *                  machine's other load does not count in it; the wrong-thread workers' does
     *                  not either)
     * @param findings  the findings, at most one per clause
     * @param coverage  the hits on the reference side
     * @param warm      the same measure over the second half of the chains only (from the first
     *                  batch at or after the middle), when the JIT has compiled the hot paths (the
     *                  first half pays for warming up)
     */
    public record Result(Target target, Settings settings, long actions, long nanos, long cpuNanos,
                         List<Finding> findings, Coverage coverage, Throughput warm) {

        /** {@return the actions executed on both sides, skipped ones not counted} */
        public long executed() {
            return coverage.executed();
        }

        /** {@return executed actions per second, each on both sides, shrinking excluded} */
        public double actionsPerSecond() {
            return nanos == 0 ? 0 : executed() * 1e9 / nanos;
        }

        /** {@return executed actions per second of the chain threads' summed CPU time} */
        public double actionsPerCpuSecond() {
            return cpuNanos <= 0 ? 0 : executed() * 1e9 / cpuNanos;
        }

        /** {@return the finding per violated clause} */
        public Map<Clause, Finding> byClause() {
            Map<Clause, Finding> map = new EnumMap<>(Clause.class);
            for (Finding finding : findings) {
                map.putIfAbsent(finding.violation().clause(), finding);
            }
            return map;
        }
    }

    /**
     * Actions executed and the time they took, for throughput.
     *
     * @param executed the actions executed (skipped ones not counted), each on both sides
     * @param nanos    the wall time of the chains
     * @param cpuNanos the chain threads' summed CPU time in the chains
     */
    public record Throughput(long executed, long nanos, long cpuNanos) {

        /** {@return executed actions per second of wall time} */
        public double actionsPerSecond() {
            return nanos == 0 ? 0 : executed * 1e9 / nanos;
        }

        /** {@return executed actions per second of the chain threads' summed CPU time} */
        public double actionsPerCpuSecond() {
            return cpuNanos <= 0 ? 0 : executed * 1e9 / cpuNanos;
        }
    }

    private Campaign() {
    }

    /**
     * Runs a campaign of {@code target} against the reference model.
     *
     * @param reference the reference
     * @param target    the target
     * @param settings  the settings
     * @param progress  told the number of chains done after each chain
     * @return the result
     */
    public static Result run(Target reference, Target target, Settings settings, Consumer<Integer> progress) {
        Tally tally = new Tally(settings);
        try (ChainWorkers workers = new ChainWorkers(settings.threadCount())) {
            for (int first = 0; first < settings.chainCount() && !tally.stopped(); first += BATCH_CHAIN_COUNT) {
                int batchFirst = first;
                int count = Math.min(BATCH_CHAIN_COUNT, settings.chainCount() - first);
                long start = System.nanoTime();
                List<ChainRun> runs = workers.runAll(count,
                        (index, otherThread) -> runChain(reference, target, settings, batchFirst + index, tally.masked, otherThread));
                tally.addWallNanos(System.nanoTime() - start, first >= tally.warmFirst());
                for (int index = 0; index < count && !tally.stopped(); index++) {
                    tally.add(runs.get(index), reference, target, workers.callerOtherThread());
                    progress.accept(batchFirst + index + 1);
                }
            }
        }
        return tally.result(target);
    }

    /** One chain's run, with the CPU time the thread that ran it spent. */
    private record ChainRun(long chainSeed, Runner.Result result, long cpuNanos) {
    }

    private static ChainRun runChain(Target reference, Target target, Settings settings, int chain, Mask masked,
                                     OtherThread otherThread) {
        long chainSeed = settings.seed() + chain * GOLDEN;
        Generator generator = new Generator(chainSeed, target, masked, settings.chainLength());
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long poolByteCapacity = generator.poolByteCapacity();
        Runner.Result result = Runner.run(reference, target, poolByteCapacity, generator.allocatorOptions(), generator,
                otherThread);
        return new ChainRun(chainSeed, result, THREADS.getCurrentThreadCpuTime() - cpuStart);
    }

    /**
     * What a campaign adds up, chain by chain in index order, on the thread that runs it: counts,
     * times, coverage, findings, and the mask the next batch generates with.
     */
    private static final class Tally {
        private final Settings settings;
        private final Coverage coverage = new Coverage();
        private final List<Finding> findings = new ArrayList<>();
        private final Mask masked = new Mask();
        private final Set<Clause> shrunkClauses = EnumSet.noneOf(Clause.class);
        private int chains;
        private long actions;
        private long nanos;
        private long cpuNanos;
        private long warmExecuted;
        private long warmNanos;
        private long warmCpuNanos;

        Tally(Settings settings) {
            this.settings = settings;
        }

        /** {@return the first chain of the second half: the first batch at or after the middle} */
        int warmFirst() {
            int half = (settings.chainCount() + 1) / 2;
            return (half + BATCH_CHAIN_COUNT - 1) / BATCH_CHAIN_COUNT * BATCH_CHAIN_COUNT;
        }

        boolean stopped() {
            return findings.size() >= settings.findingsMax();
        }

        void addWallNanos(long batchNanos, boolean warm) {
            nanos += batchNanos;
            if (warm) {
                warmNanos += batchNanos;
            }
        }

        void add(ChainRun run, Target reference, Target target, OtherThread otherThread) {
            Runner.Result result = run.result();
            cpuNanos += run.cpuNanos();
            if (chains++ >= warmFirst()) {
                warmExecuted += result.coverage().executed();
                warmCpuNanos += run.cpuNanos();
            }
            actions += result.chain().length();
            coverage.add(result.coverage());
            Violation violation = result.violation();
            if (violation == null) {
                return;
            }
            Action action = violation.step() < result.chain().length() ? result.chain().actions().get(violation.step()) : null;
            masked.learn(action, violation);
            if (shrunkClauses.add(violation.clause())) {
                Shrinker.Shrunk shrunk = Shrinker.shrink(reference, target, result.chain(), violation, otherThread);
                findings.add(new Finding(shrunk.violation(), run.chainSeed(), actions, result.chain().length(),
                        shrunk.chain(), shrunk.runs()));
            }
        }

        Result result(Target target) {
            return new Result(target, settings, actions, nanos, cpuNanos, List.copyOf(findings), coverage,
                    new Throughput(warmExecuted, warmNanos, warmCpuNanos));
        }
    }
}
