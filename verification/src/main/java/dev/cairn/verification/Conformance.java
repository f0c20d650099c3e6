package dev.cairn.verification;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cairn's conformance command: replays the Alloy vectors, runs a campaign against every target
 * with a progress display, writes the report, and exits with status 1 when the model or the FFM
 * implementation violates a clause or disagrees with a vector, or when a campaign of theirs without
 * findings left an operation, a state or a fault with zero hits (third-party violations are
 * findings, status 0).
 *
 * <pre>
 *   --seed N         base seed (default 20261124)
 *   --chains N       chains per target (default 10000 for the model and the implementation,
 *                    3000 for a third-party target)
 *   --length N       actions per chain (default 128)
 *   --threads N      threads that run chains (default: half the available processors, at least
 *                    1, at most 64: each brings a second thread for its wrong-thread actions);
 *                    the results do not depend on it, only the time does
 *   --targets a,b    targets to check (default: all)
 *   --report FILE    where the Markdown report goes (default docs/conformance.md)
 *   --replays DIR    where shrunk chains are saved as replay files (default verification/target/conformance)
 *   --replay FILE --target NAME   replay one chain against one target and exit
 *   --alloy STATUS   what the Alloy model checks gave, for the report (./conformance passes it)
 * </pre>
 */
public final class Conformance {

    /** The default base seed. */
    public static final long DEFAULT_SEED = 20261124L;

    /** The default number of chains per third-party target. */
    public static final int DEFAULT_CHAINS = 3000;

    /**
     * The default number of chains for the model and the implementation: what Cairn ships gets the
     * most testing, and a campaign long enough that its second half runs compiled code.
     */
    public static final int DEFAULT_OWN_CHAINS = 10_000;

    /**
     * The default number of generated actions per chain: long enough to reach deep states (many
     * live blocks, nested frames, counts up and down), and to spread each chain's fixed costs (a
     * pool and an allocator made and closed on each side) over many actions.
     */
    public static final int DEFAULT_LENGTH = 128;

    private Conformance() {
    }

    /**
     * Runs the command.
     *
     * @param args the options above
     * @throws IOException if the report or a replay file cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command and returns its exit status instead of exiting.
     *
     * @param args the options
     * @param out  where results go
     * @param err  where the progress display goes
     * @return 0 when the model and the implementation conform, 1 otherwise, 2 on bad options
     * @throws IOException if the report or a replay file cannot be written
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException bad) {
            err.println(bad.getMessage());
            return 2;
        }
        if (options.replay != null) {
            return replay(options, out);
        }
        Report.VectorSummary vectors = VectorReplay.replayAll(options.targets, out);
        List<Campaign.Result> results = new ArrayList<>();
        for (Target target : options.targets) {
            results.add(campaign(target, options, out, err));
        }
        Path report = Path.of(options.reportFile);
        if (report.getParent() != null) {
            Files.createDirectories(report.getParent());
        }
        Files.writeString(report, Report.markdown(results, vectors, options.commandLine(), options.alloy),
                StandardCharsets.UTF_8);
        out.println("report written to " + report);
        boolean failed = vectors.failed();
        for (Campaign.Result result : results) {
            failed |= result.target().role().mustConform() && !result.findings().isEmpty();
            failed |= result.target().role().mustConform() && result.findings().isEmpty()
                    && !result.coverage().missing(result.target()).isEmpty();
        }
        out.println(failed ? "CONFORMANCE FAILED: the model or the implementation violates a clause, disagrees with a"
                + " vector, or a campaign without findings left an operation, state or fault unhit" : "conformance: ok");
        return failed ? 1 : 0;
    }

    private static Campaign.Result campaign(Target target, Options options, PrintStream out, PrintStream err) throws IOException {
        int chains = options.chains != null ? options.chains
                : target.role().mustConform() ? DEFAULT_OWN_CHAINS : DEFAULT_CHAINS;
        Campaign.Settings settings = new Campaign.Settings(options.seed, chains, options.length, 12, options.threads);
        long start = System.nanoTime();
        boolean terminal = System.console() != null;
        int every = terminal ? 50 : Math.max(1, settings.chainCount() / 4);
        Campaign.Result result = Campaign.run(Targets.model(), target, settings, done -> {
            if (done % every == 0 || done == settings.chainCount()) {
                err.printf(Locale.ROOT, terminal ? "\r%-12s %6d/%d chains" : "%-12s %6d/%d chains%n",
                        target.name(), done, settings.chainCount());
            }
        });
        if (terminal) {
            err.println();
        }
        out.printf(Locale.ROOT, "%-10s %-9s executed=%d actionsPerSecond=%.0f actionsPerCpuSecond=%.0f"
                        + " secondHalf: actionsPerSecond=%.0f actionsPerCpuSecond=%.0f findings=%d seconds=%.1f%n",
                target.name(), Report.verdict(result).replace("*", ""), result.executed(), result.actionsPerSecond(),
                result.actionsPerCpuSecond(), result.warm().actionsPerSecond(), result.warm().actionsPerCpuSecond(),
                result.findings().size(), (System.nanoTime() - start) / 1e9);
        List<String> missing = result.coverage().missing(target);
        if (!missing.isEmpty()) {
            out.println("  never hit: " + missing);
        }
        for (Campaign.Finding finding : result.findings()) {
            Path file = Path.of(options.replayDir, target.name() + "-" + finding.violation().clause().id() + ".replay");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# " + finding.violation() + "\n# target=" + target.name() + " chainSeed="
                    + finding.chainSeed() + "\n" + finding.shrunk().format(), StandardCharsets.UTF_8);
            out.println("  " + finding.violation() + " (shrunk " + finding.originalLength() + " -> "
                    + finding.shrunk().length() + " actions, saved to " + file + ")");
            out.println(finding.shrunk().toJUnit(
                    target.name() + "_" + finding.violation().clause().name().toLowerCase(Locale.ROOT), target.name(),
                    finding.violation()));
        }
        return result;
    }

    private static int replay(Options options, PrintStream out) throws IOException {
        Chain chain = Chain.parse(Files.readString(Path.of(options.replay), StandardCharsets.UTF_8));
        Runner.Result result = Runner.replay(options.targets.getFirst(), chain);
        out.println(result.violation() == null ? "replay: no violation in " + chain.length() + " actions"
                : "replay: " + result.violation());
        return result.violation() == null ? 0 : 1;
    }

    /**
     * {@return the default thread count of a campaign}: half the available processors, at least 1
     * and at most 64, since each chain thread has a second thread ({@link OtherThread}) that spins
     * while it waits for the next wrong-thread action
     */
    public static int defaultThreadCount() {
        return Math.clamp(Runtime.getRuntime().availableProcessors() / 2, 1, ChainWorkers.THREAD_COUNT_MAX);
    }

    /** The parsed command line. */
    private static final class Options {
        long seed = DEFAULT_SEED;
        Integer chains;
        int length = DEFAULT_LENGTH;
        int threads = defaultThreadCount();
        List<Target> targets = Targets.all();
        String reportFile = "docs/conformance.md";
        String replayDir = "verification/target/conformance";
        String replay;
        String alloy = "not run by this command";
        String[] args;

        static Options parse(String[] args) {
            Options options = new Options();
            options.args = args.clone();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException("option=" + args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--seed" -> options.seed = Long.parseLong(value);
                    case "--chains" -> options.chains = Integer.parseInt(value);
                    case "--length" -> options.length = Integer.parseInt(value);
                    case "--threads" -> options.threads = threadCount(value);
                    case "--targets", "--target" -> options.targets = Arrays.stream(value.split(",")).map(Targets::byName).toList();
                    case "--report" -> options.reportFile = value;
                    case "--replays" -> options.replayDir = value;
                    case "--replay" -> options.replay = value;
                    case "--alloy" -> options.alloy = value;
                    default -> throw new IllegalArgumentException("option=" + args[i] + " is unknown; see the Javadoc of Conformance");
                }
                i++;
            }
            return options;
        }

        private static int threadCount(String value) {
            int threads = Integer.parseInt(value);
            if (threads < 1 || threads > ChainWorkers.THREAD_COUNT_MAX) {
                throw new IllegalArgumentException("threads=" + threads + " must be in [1, " + ChainWorkers.THREAD_COUNT_MAX + "]");
            }
            return threads;
        }

        String commandLine() {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--alloy")) {
                    i++;
                } else {
                    shown.add(args[i]);
                }
            }
            return ("./conformance " + String.join(" ", shown)).strip();
        }
    }
}
