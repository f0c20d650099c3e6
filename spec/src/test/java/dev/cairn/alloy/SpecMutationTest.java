package dev.cairn.alloy;

import edu.mit.csail.sdg.alloy4.Err;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.parser.CompModule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Spec mutation: weakens the Alloy model one constraint at a time ({@link SpecMutants}) and
 * reruns its checks, to show that the assertions are not vacuous and that every constraint of
 * every operation matters to some check or non-vacuity run.
 *
 * <p>Every build runs (1) for each assertion, its witness mutant from {@code
 * mutation-witnesses.txt}, which its check must kill, and (2) a deterministic sample of all
 * mutants (every {@link #SAMPLE_STRIDE}-th, those already listed as tolerated left to the full
 * sweep, since a survivor costs every command). With {@code -Dcairn.mutation=full} (the {@code
 * mutation-full} profile) it tries every mutant, from {@code -Dcairn.mutation.from} on. A mutant
 * that survives must be listed, with a reason, in {@code mutation-survivors.txt}; a new survivor
 * fails the test.
 *
 * <p>A mutant is judged by its module's checks, then its non-vacuity runs, and the first one that
 * decides ends the judgement. The full sweep tries them cheapest first (CPU time on the unmutated
 * model), so a killed mutant costs little; it prints each verdict with its time, then the totals,
 * its CPU and wall time, and how many mutants each check killed first.
 */
class SpecMutationTest {

    /** The default run tries every n-th mutant. */
    static final int SAMPLE_STRIDE = 97;

    private static final boolean FULL = "full".equals(System.getProperty("cairn.mutation"));

    /**
     * The full sweep starts at this mutant (1-based, as the sweep prints it), so a sweep that was
     * stopped can be resumed: {@code -Dcairn.mutation.from=N}.
     */
    private static final int FROM = Integer.getInteger("cairn.mutation.from", 1);

    /**
     * The full sweep tries only these mutants (1-based numbers, comma-separated), when given: to
     * judge again the survivors of an earlier sweep after the model changed, {@code
     * -Dcairn.mutation.only=156,159}.
     */
    private static final Set<Integer> ONLY = parseOnly(System.getProperty("cairn.mutation.only", ""));

    private static Set<Integer> parseOnly(String numbers) {
        Set<Integer> only = new TreeSet<>();
        for (String number : numbers.split(",")) {
            if (!number.isBlank()) {
                only.add(Integer.parseInt(number.strip()));
            }
        }
        return only;
    }

    private static boolean skipped(int number) {
        if (FULL) {
            return number < FROM || !ONLY.isEmpty() && !ONLY.contains(number);
        }
        return (number - 1) % SAMPLE_STRIDE != 0;
    }

    @TestFactory
    List<DynamicTest> everyAssertionKillsItsWitnessMutant() {
        Map<String, SpecMutants.Mutant> mutants = byId(SpecMutants.all());
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> witness : listed("mutation-witnesses.txt").entrySet()) {
            String[] assertion = witness.getKey().split(" \\| ");
            tests.add(DynamicTest.dynamicTest(assertion[0] + " " + assertion[1], () -> {
                SpecMutants.Mutant mutant = mutants.get(witness.getValue());
                assertNotNull(mutant, () -> "witness=" + witness.getValue() + " is no mutant of the model any more");
                CompModule module = parse(mutant);
                Command check = module.getAllCommands().stream()
                        .filter(c -> c.check && c.label.equals(assertion[1])).findFirst().orElseThrow();
                long start = System.nanoTime();
                int outcome = AlloySpec.outcome(module, check);
                System.out.printf("[mutation] witness %-36s kills=%s time=%dms (%s)%n", assertion[1], outcome == 1,
                        (System.nanoTime() - start) / 1_000_000, mutant.id());
                assertEquals(1, outcome, () -> "check=" + assertion[1] + " no longer kills mutant=" + mutant.id());
            }));
        }
        return tests;
    }

    @Test
    void everyAssertionHasAWitness() {
        List<String> witnessed = listed("mutation-witnesses.txt").keySet().stream().toList();
        for (String fileName : AlloySpec.COMMAND_MODULES) {
            for (Command command : AlloySpec.parse(fileName, Map.of()).getAllCommands()) {
                if (command.check) {
                    assertTrue(witnessed.contains(fileName + " | " + command.label),
                            () -> "check=" + command.label + " in file=" + fileName + " has no witness mutant");
                }
            }
        }
    }

    @Test
    void triedMutantsAreKilledOrListedAsTolerated() {
        long cpuStart = SolveTime.threadCpuNanos();
        long wallStart = System.nanoTime();
        List<SpecMutants.Mutant> all = SpecMutants.all();
        Map<String, String> tolerated = listed("mutation-survivors.txt");
        Map<String, List<String>> order = FULL ? cheapestFirst() : fileOrder();
        Map<String, Integer> tally = new TreeMap<>();
        Map<String, Integer> killsByCheck = new TreeMap<>();
        List<String> newSurvivors = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < all.size(); i++) {
            if (skipped(i + 1)) {
                continue;
            }
            SpecMutants.Mutant mutant = all.get(i);
            if (!FULL && tolerated.containsKey(mutant.id())) {
                System.out.printf("[mutation] listed   %s (judged by the full sweep)%n", mutant.id());
                continue;
            }
            tried++;
            long start = System.nanoTime();
            String verdict = judge(mutant, order.get(mutant.judge()));
            String kind = verdict.replaceFirst(" .*", "");
            tally.merge(kind, 1, Integer::sum);
            if (!kind.equals(verdict)) {
                killsByCheck.merge(mutant.judge() + " | " + verdict, 1, Integer::sum);
            }
            System.out.printf("[mutation] %d/%d %-8s %s (%dms)%n", i + 1, all.size(), verdict, mutant.id(),
                    (System.nanoTime() - start) / 1_000_000);
            if (verdict.equals("survived") && !tolerated.containsKey(mutant.id())) {
                newSurvivors.add(mutant.id());
            }
        }
        System.out.printf("[mutation] mutants=%d tried=%d (%s) %s cpu=%ds wall=%ds%n", all.size(), tried,
                FULL ? "full" : "sample", tally, (SolveTime.threadCpuNanos() - cpuStart) / 1_000_000_000L,
                (System.nanoTime() - wallStart) / 1_000_000_000L);
        killsByCheck.forEach((check, count) -> System.out.printf("[mutation] by %-60s %d%n", check, count));
        if (!newSurvivors.isEmpty()) {
            fail("mutants no check or run kills, not listed in mutation-survivors.txt:\n  "
                    + String.join("\n  ", newSurvivors));
        }
    }

    /**
     * {@return for each component module, its checks and non-vacuity runs in file order, checks
     * first}
     */
    private static Map<String, List<String>> fileOrder() {
        Map<String, List<String>> order = new LinkedHashMap<>();
        for (String fileName : AlloySpec.COMMAND_MODULES) {
            List<String> labels = new ArrayList<>();
            for (Command command : judging(AlloySpec.parse(fileName, Map.of()))) {
                labels.add(key(command));
            }
            order.put(fileName, labels);
        }
        return order;
    }

    /**
     * {@return for each component module, its checks cheapest first, then its non-vacuity runs
     * cheapest first, by CPU time on the unmutated model}: a killed mutant costs only the checks
     * tried before the one that kills it, so the cheap ones go first.
     */
    private static Map<String, List<String>> cheapestFirst() {
        Map<String, List<String>> order = new LinkedHashMap<>();
        for (String fileName : AlloySpec.COMMAND_MODULES) {
            CompModule module = AlloySpec.parse(fileName, Map.of());
            Map<Command, Long> cost = new LinkedHashMap<>();
            for (Command command : judging(module)) {
                cost.put(command, SolveTime.of(() -> AlloySpec.outcome(module, command)).cpuNanos());
            }
            order.put(fileName, cost.keySet().stream()
                    .sorted(Comparator.comparing((Command c) -> !c.check).thenComparing(cost::get))
                    .map(SpecMutationTest::key).toList());
            System.out.printf("[mutation] order %s %s%n", fileName, order.get(fileName));
        }
        return order;
    }

    /** {@return {@code "check <label>"} or {@code "run <label>"}} @param command a command */
    private static String key(Command command) {
        return (command.check ? "check " : "run ") + command.label;
    }

    /** {@return the module's checks, then its non-vacuity runs (not the vector scenarios)} @param module a module */
    private static List<Command> judging(CompModule module) {
        List<Command> commands = new ArrayList<>();
        module.getAllCommands().stream().filter(c -> c.check).forEach(commands::add);
        module.getAllCommands().stream().filter(c -> !c.check && !c.label.startsWith("vec")).forEach(commands::add);
        return commands;
    }

    /**
     * {@return {@code "killed <check>"} when a check finds a counterexample, {@code "vacuous
     * <run>"} when a non-vacuity run no longer finds an instance, {@code "invalid"} when the
     * mutant does not typecheck, else {@code "survived"}}; the first command that decides ends
     * the judgement
     *
     * @param mutant the mutant
     * @param order  the judging module's checks and non-vacuity runs ({@link #key}), in the order
     *               to try them
     */
    static String judge(SpecMutants.Mutant mutant, List<String> order) {
        CompModule module;
        try {
            module = parse(mutant);
        } catch (Err invalid) {
            return "invalid";
        }
        Map<String, Command> byLabel = new LinkedHashMap<>();
        judging(module).forEach(c -> byLabel.put(key(c), c));
        for (String label : order) {
            Command command = byLabel.get(label);
            int outcome = AlloySpec.outcome(module, command);
            if (command.check && outcome == 1) {
                return "killed " + command.label;
            }
            if (!command.check && outcome == 0) {
                return "vacuous " + command.label;
            }
        }
        return "survived";
    }

    private static CompModule parse(SpecMutants.Mutant mutant) {
        return AlloySpec.parse(mutant.judge(), Map.of(mutant.file(), mutant.apply(AlloySpec.read(mutant.file()))));
    }

    private static Map<String, SpecMutants.Mutant> byId(List<SpecMutants.Mutant> mutants) {
        Map<String, SpecMutants.Mutant> byId = new LinkedHashMap<>();
        for (SpecMutants.Mutant mutant : mutants) {
            byId.putIfAbsent(mutant.id(), mutant);
        }
        return byId;
    }

    /** {@return the entries {@code key || value} of a committed list, comments skipped} @param resource its name */
    static Map<String, String> listed(String resource) {
        try (InputStream in = SpecMutationTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, () -> "resource=" + resource + " is missing");
            Map<String, String> entries = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split(" \\|\\| ", 2);
                    entries.put(parts[0].trim(), parts.length > 1 ? parts[1].trim() : "");
                }
            }
            return entries;
        } catch (IOException failure) {
            throw new IllegalStateException("resource=" + resource + " cannot be read", failure);
        }
    }
}
