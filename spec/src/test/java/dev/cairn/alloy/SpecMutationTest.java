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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * mutation-full} profile) it tries every mutant. A mutant that survives must be listed, with a
 * reason, in {@code mutation-survivors.txt}; a new survivor fails the test.
 */
class SpecMutationTest {

    /** The default run tries every n-th mutant. */
    static final int SAMPLE_STRIDE = 97;

    private static final boolean FULL = "full".equals(System.getProperty("cairn.mutation"));

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
        List<SpecMutants.Mutant> all = SpecMutants.all();
        Map<String, String> tolerated = listed("mutation-survivors.txt");
        Map<String, Integer> tally = new TreeMap<>();
        List<String> newSurvivors = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < all.size(); i++) {
            if (!FULL && i % SAMPLE_STRIDE != 0) {
                continue;
            }
            SpecMutants.Mutant mutant = all.get(i);
            if (!FULL && tolerated.containsKey(mutant.id())) {
                System.out.printf("[mutation] listed   %s (judged by the full sweep)%n", mutant.id());
                continue;
            }
            tried++;
            String verdict = judge(mutant);
            tally.merge(verdict.replaceFirst(" .*", ""), 1, Integer::sum);
            System.out.printf("[mutation] %-8s %s%n", verdict, mutant.id());
            if (verdict.equals("survived") && !tolerated.containsKey(mutant.id())) {
                newSurvivors.add(mutant.id());
            }
        }
        System.out.printf("[mutation] mutants=%d tried=%d (%s) %s%n", all.size(), tried, FULL ? "full" : "sample", tally);
        if (!newSurvivors.isEmpty()) {
            fail("mutants no check or run kills, not listed in mutation-survivors.txt:\n  "
                    + String.join("\n  ", newSurvivors));
        }
    }

    /**
     * {@return {@code "killed <check>"} when a check finds a counterexample, {@code "vacuous
     * <run>"} when a non-vacuity run no longer finds an instance, {@code "invalid"} when the
     * mutant does not typecheck, else {@code "survived"}}
     *
     * @param mutant the mutant
     */
    static String judge(SpecMutants.Mutant mutant) {
        CompModule module;
        try {
            module = parse(mutant);
        } catch (Err invalid) {
            return "invalid";
        }
        for (Command command : module.getAllCommands()) {
            if (command.check && AlloySpec.outcome(module, command) == 1) {
                return "killed " + command.label;
            }
        }
        for (Command command : module.getAllCommands()) {
            if (!command.check && !command.label.startsWith("vec") && AlloySpec.outcome(module, command) == 0) {
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
