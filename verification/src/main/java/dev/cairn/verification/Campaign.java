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
 * Chain {@code i} has the seed {@code seed + i * GOLDEN}, so a campaign is reproduced exactly by
 * its seed and its settings. On a violation the chain is shrunk and kept as a {@link Finding};
 * what showed it is then masked for the rest of the campaign ({@link Mask}, so that other clauses
 * still get tested), and a clause is shrunk once.
 */
public final class Campaign {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /**
     * Settings of a campaign.
     *
     * @param seed        the base seed
     * @param chainCount  the number of chains, at least 1
     * @param chainLength the number of generated actions per chain, at least 1
     * @param findingsMax the most findings before the campaign stops
     */
    public record Settings(long seed, int chainCount, int chainLength, int findingsMax) {
        /** Checks the components. */
        public Settings {
            if (chainCount < 1 || chainLength < 1 || chainLength > Chain.LENGTH_MAX || findingsMax < 1) {
                throw new IllegalArgumentException("chainCount=" + chainCount + " chainLength=" + chainLength
                        + " findingsMax=" + findingsMax + " must be at least 1 (chainLength at most " + Chain.LENGTH_MAX + ")");
            }
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
     * @param cpuNanos  the CPU time the campaign's thread spent in the chains (the machine's other
     *                  load does not count in it; the second thread's does not either)
     * @param findings  the findings, at most one per clause
     * @param coverage  the hits on the reference side
     * @param warm      the same measure over the second half of the chains only, when the JIT has
     *                  compiled the hot paths (the first half pays for warming up)
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

        /** {@return executed actions per second of the campaign thread's CPU time} */
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
     * @param cpuNanos the campaign thread's CPU time in the chains
     */
    public record Throughput(long executed, long nanos, long cpuNanos) {

        /** {@return executed actions per second of wall time} */
        public double actionsPerSecond() {
            return nanos == 0 ? 0 : executed * 1e9 / nanos;
        }

        /** {@return executed actions per second of the campaign thread's CPU time} */
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
        Coverage coverage = new Coverage();
        List<Finding> findings = new ArrayList<>();
        Mask masked = new Mask();
        Set<Clause> shrunkClauses = EnumSet.noneOf(Clause.class);
        long actions = 0;
        long nanos = 0;
        long cpuNanos = 0;
        long warmExecuted = 0;
        long warmNanos = 0;
        long warmCpuNanos = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (OtherThread otherThread = new OtherThread()) {
            for (int chain = 0; chain < settings.chainCount() && findings.size() < settings.findingsMax(); chain++) {
                long chainSeed = settings.seed() + chain * GOLDEN;
                Generator generator = new Generator(chainSeed, target, masked, settings.chainLength());
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long poolByteCapacity = generator.poolByteCapacity();
                Runner.Result result = Runner.run(reference, target, poolByteCapacity, generator.allocatorOptions(), generator,
                        otherThread);
                long chainNanos = System.nanoTime() - start;
                long chainCpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
                nanos += chainNanos;
                cpuNanos += chainCpuNanos;
                if (chain >= settings.chainCount() / 2) {
                    warmExecuted += result.coverage().executed();
                    warmNanos += chainNanos;
                    warmCpuNanos += chainCpuNanos;
                }
                actions += result.chain().length();
                coverage.add(result.coverage());
                Violation violation = result.violation();
                if (violation != null) {
                    Action action = violation.step() < result.chain().length()
                            ? result.chain().actions().get(violation.step()) : null;
                    masked.learn(action, violation);
                    if (shrunkClauses.add(violation.clause())) {
                        Shrinker.Shrunk shrunk = Shrinker.shrink(reference, target, result.chain(), violation, otherThread);
                        findings.add(new Finding(shrunk.violation(), chainSeed, actions, result.chain().length(),
                                shrunk.chain(), shrunk.runs()));
                    }
                }
                progress.accept(chain + 1);
            }
        }
        return new Result(target, settings, actions, nanos, cpuNanos, List.copyOf(findings), coverage,
                new Throughput(warmExecuted, warmNanos, warmCpuNanos));
    }
}
