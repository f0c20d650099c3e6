package dev.cairn.reliability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input against every stateful entry point (ER-1, ER-2): {@value #CALLS_DEFAULT} seeded
 * calls in {@code ./mvnw verify}, {@code 10^6} with {@code -Preliability}; the model and the
 * implementation must do the same thing, and a rejected call must change nothing on either.
 * Sizes and seed: {@code -Dcairn.reliability.hostileCalls=N -Dcairn.reliability.seed=S}.
 */
class HostileInputTest {

    static final long CALLS_DEFAULT = 25_000;
    static final long SEED_DEFAULT = 20_261_125L;

    @Test
    void modelAndImplementationAgreeOnEveryHostileCallAndRejectedCallsChangeNothing() {
        long callCount = Long.getLong("cairn.reliability.hostileCalls", CALLS_DEFAULT);
        long seed = Long.getLong("cairn.reliability.seed", SEED_DEFAULT);
        long started = System.nanoTime();
        HostileDriver.Result result;
        try (HostileDriver driver = new HostileDriver(seed)) {
            result = driver.run(callCount);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("hostile input: seed=%d calls=%d rejected=%d in %d ms%n  outcomes=%s%n", seed,
                result.calls(), result.rejected(), millis, result.outcomes());
        assertEquals(callCount, result.calls());
        assertTrue(result.rejected() > callCount / 2, "most calls are hostile: rejected=" + result.rejected());
        assertTrue(result.outcomes().keySet().stream().filter(key -> key.contains("(")).count() >= 12,
                "faults of many clauses were reached: " + result.outcomes().keySet());
    }
}
