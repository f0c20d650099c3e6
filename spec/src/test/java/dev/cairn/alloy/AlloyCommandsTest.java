package dev.cairn.alloy;

import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.parser.CompModule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Model-checks Cairn's Alloy specification: one dynamic test per command of every component
 * module. The command's own {@code expect} is the oracle; a command without one fails. Each
 * command's outcome and time are printed, so the build's output lists them all.
 */
class AlloyCommandsTest {

    @TestFactory
    List<DynamicTest> everyCommandMeetsItsExpectation() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String fileName : AlloySpec.COMMAND_MODULES) {
            CompModule module = AlloySpec.parse(fileName, Map.of());
            assertFalse(module.getAllCommands().isEmpty(), () -> "file=" + fileName + " has no commands");
            for (Command command : module.getAllCommands()) {
                tests.add(DynamicTest.dynamicTest(fileName + " " + command.label, () -> check(fileName, module, command)));
            }
        }
        return tests;
    }

    private static void check(String fileName, CompModule module, Command command) {
        assertNotEquals(-1, command.expects, () -> "command=" + command.label + " in file=" + fileName
                + " states no expect; every command must state expect 0 or expect 1");
        long start = System.nanoTime();
        int outcome = AlloySpec.outcome(module, command);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[alloy] %-14s %-5s %-36s scope=%-28s expect=%d actual=%d time=%dms%n", fileName,
                command.check ? "check" : "run", command.label, scope(command), command.expects, outcome, millis);
        assertEquals(command.expects, outcome, () -> "command=" + command.label + " in file=" + fileName
                + (command.check ? " found a counterexample" : " found no instance"));
    }

    /** {@return the command's scope as written after {@code for}} @param command a command */
    static String scope(Command command) {
        String text = command.toString();
        int at = text.indexOf(" for ");
        return at < 0 ? "default" : text.substring(at + 5).replace(" expect 0", "").replace(" expect 1", "").trim();
    }
}
