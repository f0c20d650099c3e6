package dev.cairn.verification;

import dev.cairn.fault.Clause;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the conformance report in Markdown: a summary per target, the clause × target matrix
 * (conforms / violates with the shrunk chain / not applicable with the reason / not exercised by
 * action chains), the findings with their shrunk chains, the coverage counts, throughput and
 * seeds. The format is described in the report's own last section.
 */
final class Report {

    /**
     * What the vectors replay found, for the report.
     *
     * @param lines  one line per target
     * @param failed whether the model or the implementation disagreed with a vector
     */
    record VectorSummary(List<String> lines, boolean failed) {
    }

    private Report() {
    }

    static String markdown(List<Campaign.Result> results, VectorSummary vectors, String command, String alloy) {
        StringBuilder md = new StringBuilder();
        md.append("# Cairn conformance report\n\n");
        md.append("Written by `").append(command).append("` on ").append(Runtime.getRuntime().availableProcessors())
                .append(" processors, load average ").append(String.format(Locale.ROOT, "%.2f",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end. Regenerate it with the same command; the seeds below\n");
        md.append("reproduce every chain exactly. How to read it: see *Report format* at the end.\n\n");
        summary(md, results);
        matrix(md, results);
        findings(md, results);
        coverage(md, results);
        md.append("## Alloy model checks\n\n");
        md.append("`./mvnw -q -pl spec test`, the spec module's tests, where the alloy branch puts the Alloy model")
                .append(" checks (every command's `expect`, spec mutation, vector staleness): ").append(alloy).append(".\n\n");
        md.append("## Alloy vectors\n\n");
        for (String line : vectors.lines()) {
            md.append("- ").append(line).append('\n');
        }
        md.append('\n');
        format(md);
        return md.toString();
    }

    private static void summary(StringBuilder md, List<Campaign.Result> results) {
        md.append("## Summary\n\n");
        md.append("| target | role | verdict | seed | chains × length | threads | actions executed | actions/s wall"
                + " | actions/s CPU | second half: wall | second half: CPU | findings |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Campaign.Result result : results) {
            Campaign.Settings settings = result.settings();
            md.append("| ").append(result.target().name())
                    .append(" | ").append(result.target().role().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(verdict(result))
                    .append(" | ").append(settings.seed())
                    .append(" | ").append(settings.chainCount()).append(" × ").append(settings.chainLength())
                    .append(" | ").append(settings.threadCount())
                    .append(" | ").append(result.executed())
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", result.actionsPerSecond()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", result.actionsPerCpuSecond()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", result.warm().actionsPerSecond()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", result.warm().actionsPerCpuSecond()))
                    .append(" | ").append(result.findings().size()).append(" |\n");
        }
        md.append("\nTargets: \n\n");
        for (Campaign.Result result : results) {
            md.append("- **").append(result.target().name()).append("**: ").append(result.target().description()).append('\n');
        }
        md.append('\n');
    }

    static String verdict(Campaign.Result result) {
        if (result.findings().isEmpty()) {
            return "conforms";
        }
        return result.target().role().mustConform() ? "**VIOLATES**" : "findings";
    }

    private static void matrix(StringBuilder md, List<Campaign.Result> results) {
        md.append("## Clause × target\n\n");
        md.append("`ok` conforms on every chain; `VIOLATED (Fn)` see finding n; `n/a` not applicable, reason below;\n");
        md.append("`-` not exercised by action chains (checked by the unit tests and the Alloy model instead).\n\n");
        md.append("| clause |");
        for (Campaign.Result result : results) {
            md.append(' ').append(result.target().name()).append(" |");
        }
        md.append("\n|---|");
        md.append("---|".repeat(results.size())).append('\n');
        List<String> reasons = new ArrayList<>();
        for (Clause clause : Clause.values()) {
            md.append("| ").append(clause.id()).append(" |");
            for (Campaign.Result result : results) {
                md.append(' ').append(cell(result, clause, reasons)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        if (!reasons.isEmpty()) {
            md.append("Not applicable:\n\n");
            for (String reason : reasons) {
                md.append("- ").append(reason).append('\n');
            }
            md.append('\n');
        }
    }

    private static String cell(Campaign.Result result, Clause clause, List<String> reasons) {
        Target target = result.target();
        Campaign.Finding finding = result.byClause().get(clause);
        if (finding != null) {
            return "VIOLATED (" + findingId(result, finding) + ")";
        }
        String reason = target.notApplicableReason(clause);
        if (reason != null) {
            reasons.add(target.name() + ", " + clause.id() + ": " + reason);
            return "n/a";
        }
        return exercised(result, clause) ? "ok" : "-";
    }

    private static boolean exercised(Campaign.Result result, Clause clause) {
        for (Op op : Op.values()) {
            if (op.clauses().contains(clause) && result.coverage().hits(op) > 0) {
                return true;
            }
        }
        String named = "(" + clause + ")";
        for (String fault : result.coverage().faults().keySet()) {
            if (fault.endsWith(named)) {
                return true;
            }
        }
        return false;
    }

    private static String findingId(Campaign.Result result, Campaign.Finding finding) {
        return result.target().name() + "-F" + (result.findings().indexOf(finding) + 1);
    }

    private static void findings(StringBuilder md, List<Campaign.Result> results) {
        md.append("## Findings\n\n");
        boolean any = false;
        for (Campaign.Result result : results) {
            for (Campaign.Finding finding : result.findings()) {
                any = true;
                md.append("### ").append(findingId(result, finding)).append(": ").append(finding.violation().clause().id())
                        .append(" on ").append(result.target().name()).append("\n\n");
                md.append(finding.violation().message()).append("\n\n");
                String why = ThirdParty.explain(result.target().name(), finding.violation().clause());
                if (why != null) {
                    md.append("Why: ").append(why).append("\n\n");
                }
                md.append("Found after ").append(finding.actionsUntilFound()).append(" actions (chain seed ")
                        .append(finding.chainSeed()).append(", ").append(finding.originalLength())
                        .append(" actions), shrunk to ").append(finding.shrunk().length()).append(" in ")
                        .append(finding.shrinkRuns()).append(" replays. Replay file:\n\n```\n")
                        .append(finding.shrunk().format()).append("```\n\n");
                if (!result.target().notApplicable().isEmpty() || !result.target().unsent().isEmpty()) {
                    md.append("Operations never sent to this target: ").append(result.target().unsent().keySet()).append("\n\n");
                }
            }
        }
        if (!any) {
            md.append("None.\n\n");
        }
    }

    private static void coverage(StringBuilder md, List<Campaign.Result> results) {
        md.append("## Coverage (reference side)\n\n");
        md.append("| hits |");
        for (Campaign.Result result : results) {
            md.append(' ').append(result.target().name()).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(results.size())).append('\n');
        for (Op op : Op.values()) {
            row(md, "op " + op, results, result -> result.coverage().hits(op));
        }
        for (Interesting state : Interesting.values()) {
            row(md, "state " + state, results, result -> result.coverage().hits(state));
        }
        java.util.TreeSet<String> faults = new java.util.TreeSet<>(Coverage.EXPECTED_FAULTS);
        for (Campaign.Result result : results) {
            faults.addAll(result.coverage().faults().keySet());
        }
        for (String fault : faults) {
            row(md, "fault " + fault, results, result -> result.coverage().faults().getOrDefault(fault, 0L));
        }
        md.append('\n');
        for (Campaign.Result result : results) {
            List<String> missing = result.coverage().missing(result.target());
            if (!missing.isEmpty()) {
                md.append("- ").append(result.target().name()).append(" never hit: ").append(missing).append('\n');
            }
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String label, List<Campaign.Result> results,
                            java.util.function.ToLongFunction<Campaign.Result> hits) {
        md.append("| ").append(label).append(" |");
        for (Campaign.Result result : results) {
            md.append(' ').append(hits.applyAsLong(result)).append(" |");
        }
        md.append('\n');
    }

    private static void format(StringBuilder md) {
        md.append("## The command\n\n");
        md.append("""
                `./conformance` (at the repository root) runs the Alloy model checks (`./mvnw -pl spec test`), then
                the Alloy vectors and a campaign against every target, and writes this file. Options, passed on:

                | option | meaning | default |
                |---|---|---|
                | `--seed N` | base seed; chain i has seed N + i × 0x9E3779B97F4A7C15 | 20261124 |
                | `--chains N` | chains per target | 10000 for the model and the implementation, 3000 for a third-party target |
                | `--length N` | generated actions per chain (a teardown closes the pool and the allocator after them) | 128 |
                | `--threads N` | threads that run chains, each with a second thread for wrong-thread actions; the results do not depend on it | half the processors, at least 1 |
                | `--targets a,b` | targets to check | all |
                | `--report FILE` | where this report goes | `docs/conformance.md` |
                | `--replays DIR` | where shrunk chains are saved as replay files | `verification/target/conformance` |
                | `--replay FILE --target NAME` | replay one chain against one target; exit 1 if it violates | |

                `CAIRN_SKIP_ALLOY=1 ./conformance ...` skips the Alloy checks. Exit status: 0 when the model and the
                implementation conform, 1 when either violates a clause (third-party findings do not count), 2 on
                bad options.

                """);
        md.append("## Report format\n\n");
        md.append("""
                - *Summary*: one row per target. `conforms`: no chain showed a violation. `VIOLATES` (model or
                  implementation) makes the command exit with status 1. `findings` (third-party targets) are
                  reported, not failures. Throughput: actions executed (skipped ones not counted), each on the
                  reference model and on the target, per second of the chains' wall time (generation and every
                  check included, shrinking excluded), and per second of CPU time of the threads that ran the
                  chains, summed (which the machine's other load does not inflate); over the whole campaign,
                  and over the second half of its chains alone (the JIT has compiled the hot paths by then;
                  the first half pays for warming up). `threads`: how many threads ran chains at once (each
                  chain on one thread, with a second thread of its own for the wrong-thread actions); the
                  findings and counts do not depend on it. The load at the time of the run is given above.
                - *Clause × target*: each clause of `docs/spec.md` against each target.
                - *Findings*: for each violated clause, the first violation, the chain that showed it
                  shrunk to a minimal one, as a replay file (`./conformance --replay FILE --target NAME`
                  replays it; `--seed N` reruns the whole campaign).
                - *Coverage*: hits of each operation, interesting state and fault on the reference side;
                  a default campaign with a zero among those a target accepts fails.
                """);
    }
}
