package dev.cairn.alloy;

import kodkod.engine.satlab.SATFactory;
import kodkod.engine.satlab.SATSolver;

/**
 * A fixed SAT4J workload that measures how fast this machine solves, so that the model's CPU
 * budget, stated for one reference machine, can be held on any machine: the pigeonhole problem
 * of {@link #PIGEON_COUNT} pigeons in {@link #HOLE_COUNT} holes, unsatisfiable, whose refutation
 * SAT4J finds by the same search every time (no randomness in the instance or the solver's
 * defaults). Its CPU time is stable within a few percent from run to run on one machine (three
 * runs in one JVM: 3,135, 3,176 and 3,229 ms), unlike single model commands, whose times vary by
 * a third.
 */
final class SolverCalibration {

    /** The holes of the pigeonhole problem. */
    static final int HOLE_COUNT = 8;

    /** The pigeons: one more than the holes, so the problem is unsatisfiable. */
    static final int PIGEON_COUNT = HOLE_COUNT + 1;

    private SolverCalibration() {
    }

    /** {@return the solving thread's time for the workload} @throws AssertionError if SAT4J found it satisfiable */
    static SolveTime measure() {
        SolveTime time = SolveTime.of(() -> solvePigeonhole() ? 1 : 0);
        if (time.outcome() != 0) {
            throw new AssertionError("pigeons=" + PIGEON_COUNT + " holes=" + HOLE_COUNT + " was found satisfiable");
        }
        return time;
    }

    /** {@return whether SAT4J finds the pigeons a hole each, none shared (it must not)} */
    private static boolean solvePigeonhole() {
        SATSolver solver = SATFactory.get("sat4j").instance();
        solver.addVariables(PIGEON_COUNT * HOLE_COUNT);
        for (int pigeon = 0; pigeon < PIGEON_COUNT; pigeon++) {
            int[] someHole = new int[HOLE_COUNT];
            for (int hole = 0; hole < HOLE_COUNT; hole++) {
                someHole[hole] = sits(pigeon, hole);
            }
            solver.addClause(someHole);
        }
        for (int hole = 0; hole < HOLE_COUNT; hole++) {
            for (int pigeon = 0; pigeon < PIGEON_COUNT; pigeon++) {
                for (int other = pigeon + 1; other < PIGEON_COUNT; other++) {
                    solver.addClause(new int[] {-sits(pigeon, hole), -sits(other, hole)});
                }
            }
        }
        return solver.solve();
    }

    /** {@return the variable "pigeon sits in hole", numbered from 1} */
    private static int sits(int pigeon, int hole) {
        return pigeon * HOLE_COUNT + hole + 1;
    }
}
