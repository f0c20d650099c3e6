package dev.cairn.alloy;

import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.parser.CompModule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model-checks Cairn's Alloy specification: one dynamic test per command of every component
 * module. The command's own {@code expect} is the oracle; a command without one fails. Each
 * command's outcome, CPU time and wall time are printed, so the build's output lists them all.
 * A last dynamic test holds the whole model to its budget: the solving thread's CPU time summed
 * over all commands, in seconds of the reference machine, is at most {@link
 * #BUDGET_CPU_MILLIS} (issue 4: 90 s with SAT4J on the 2-core build machine). CPU time is the
 * measure because other builds on a shared machine inflate wall time, not CPU time; and it is
 * converted to the reference machine's seconds by {@link SolverCalibration}, solved first, because
 * the machines that run the build differ: the same 87 commands took 55.2 s of CPU on the
 * reference machine, 96.9 s on a CI machine and 121.8 to 131.2 s on another 2-core machine.
 */
class AlloyCommandsTest {

    /** The whole model's budget: CPU time of all commands together, in milliseconds of the reference machine. */
    static final long BUDGET_CPU_MILLIS = 90_000;

    /**
     * The calibration's CPU time on the reference machine, in milliseconds. That machine is gone;
     * the figure is derived from a run on another 2-core machine (2026-12-04, the same JVM flags)
     * that solved the calibration and the same 87 commands, unchanged since the reference
     * measured them at 55.2 s (docs/alloy.md): calibration 3,612 ms, commands 131,185 ms, so
     * 3,612 x 55,200 / 131,185 = 1,520 ms. A second run there, with the solver's assertions off,
     * gave 3,896 and 132,008 ms (1,629 ms); a third, commands only, 121,794 ms: the absolute
     * times drift with the machine by a tenth, their ratio less.
     */
    static final long CALIBRATION_CPU_MILLIS_REFERENCE = 1_520;

    /** How many of the slowest commands the budget's report names. */
    private static final int SLOWEST_COUNT = 10;

    private final List<Timed> times = new ArrayList<>();

    private SolveTime calibration;

    /** One command's measured solve. @param name file and label @param time its time */
    private record Timed(String name, SolveTime time) {
    }

    @TestFactory
    List<DynamicTest> everyCommandMeetsItsExpectation() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("calibration", this::calibrate));
        int count = 0;
        for (String fileName : AlloySpec.COMMAND_MODULES) {
            CompModule module = AlloySpec.parse(fileName, Map.of());
            assertFalse(module.getAllCommands().isEmpty(), () -> "file=" + fileName + " has no commands");
            for (Command command : module.getAllCommands()) {
                tests.add(DynamicTest.dynamicTest(fileName + " " + command.label, () -> check(fileName, module, command)));
                count++;
            }
        }
        int commandCount = count;
        tests.add(DynamicTest.dynamicTest("whole model within its budget", () -> withinBudget(commandCount)));
        return tests;
    }

    private void check(String fileName, CompModule module, Command command) {
        assertNotEquals(-1, command.expects, () -> "command=" + command.label + " in file=" + fileName
                + " states no expect; every command must state expect 0 or expect 1");
        SolveTime time = SolveTime.of(() -> AlloySpec.outcome(module, command));
        times.add(new Timed(fileName + " " + (command.check ? "check " : "run ") + command.label, time));
        System.out.printf("[alloy] %-14s %-5s %-36s scope=%-28s expect=%d actual=%d cpu=%dms wall=%dms%n", fileName,
                command.check ? "check" : "run", command.label, scope(command), command.expects, time.outcome(),
                time.cpuMillis(), time.wallMillis());
        assertEquals(command.expects, time.outcome(), () -> "command=" + command.label + " in file=" + fileName
                + (command.check ? " found a counterexample" : " found no instance"));
    }

    private void calibrate() {
        calibration = SolverCalibration.measure();
        System.out.printf("[alloy] calibration pigeons=%d holes=%d cpu=%dms wall=%dms reference=%dms%n",
                SolverCalibration.PIGEON_COUNT, SolverCalibration.HOLE_COUNT, calibration.cpuMillis(),
                calibration.wallMillis(), CALIBRATION_CPU_MILLIS_REFERENCE);
    }

    private void withinBudget(int commandCount) {
        assertNotNull(calibration, "the calibration must have run before the budget is summed");
        assertEquals(commandCount, times.size(), "every command must have been solved before the budget is summed");
        long cpuMillis = times.stream().mapToLong(t -> t.time().cpuMillis()).sum();
        long wallMillis = times.stream().mapToLong(t -> t.time().wallMillis()).sum();
        long referenceMillis = referenceMillis(cpuMillis, calibration.cpuMillis());
        String slowest = times.stream()
                .sorted(Comparator.comparingLong((Timed t) -> t.time().cpuNanos()).reversed())
                .limit(SLOWEST_COUNT)
                .map(t -> String.format("%s cpu=%dms wall=%dms", t.name(), t.time().cpuMillis(), t.time().wallMillis()))
                .collect(Collectors.joining("\n  "));
        String sums = String.format("commands=%d cpuSum=%dms wallSum=%dms calibrationCpu=%dms cpuSumOnReference=%dms"
                + " budgetCpuOnReference=%dms", times.size(), cpuMillis, wallMillis, calibration.cpuMillis(),
                referenceMillis, BUDGET_CPU_MILLIS);
        System.out.printf("[alloy] %s slowest:%n  %s%n", sums, slowest);
        assertTrue(referenceMillis <= BUDGET_CPU_MILLIS, () -> "the model's commands are over budget: " + sums
                + "; slowest:\n  " + slowest);
    }

    /**
     * {@return a CPU time measured here, in milliseconds of the reference machine}
     *
     * @param cpuMillis            the time measured here
     * @param calibrationCpuMillis the calibration's time measured here, positive
     */
    static long referenceMillis(long cpuMillis, long calibrationCpuMillis) {
        return Math.multiplyExact(cpuMillis, CALIBRATION_CPU_MILLIS_REFERENCE) / Math.max(1, calibrationCpuMillis);
    }

    /** {@return the command's scope as written after {@code for}} @param command a command */
    static String scope(Command command) {
        String text = command.toString();
        int at = text.indexOf(" for ");
        return at < 0 ? "default" : text.substring(at + 5).replace(" expect 0", "").replace(" expect 1", "").trim();
    }
}
