package dev.cairn.impl.counted;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RC-4 and RC-6 under real concurrency: {@link RetainReleaseStress} on the atomic handle finds
 * nothing, and the same check finds the deliberately broken {@link RacyCountedItem} out, so it
 * is strong enough to catch a broken compare-and-exchange.
 */
class CountedConcurrencyTest {

    private static final int THREADS = 4;
    private static final int ITEMS = 8;
    /** Each pair is one or two retains then as many releases: about 3 operations on average. */
    private static final long PAIRS_PER_THREAD = 600_000;
    private static final long PAIRS_PER_THREAD_MAX = Long.getLong("cairn.stress.pairs", PAIRS_PER_THREAD);

    @Test
    void atomicCountsAreConservedAndEachItemIsDestroyedByExactlyOneThread() throws InterruptedException {
        RetainReleaseStress.Result result = new RetainReleaseStress(AtomicCountedItem::new, THREADS, ITEMS)
                .run(PAIRS_PER_THREAD_MAX);
        report("atomic", result);
        assertEquals(java.util.List.of(), result.violations());
        assertTrue(result.operations() >= 2L * THREADS * PAIRS_PER_THREAD_MAX, "every operation ran");
    }

    @Test
    void theSameCheckCatchesANonAtomicCompareAndExchange() throws InterruptedException {
        RetainReleaseStress.Result result = new RetainReleaseStress(RacyCountedItem::new, THREADS, ITEMS)
                .run(PAIRS_PER_THREAD);
        report("racy (deliberately broken)", result);
        assertFalse(result.violations().isEmpty(), "the broken exchange went unnoticed");
    }

    private static void report(String variant, RetainReleaseStress.Result result) {
        System.out.printf("RetainReleaseStress %s: threads=%d items=%d operations=%d millis=%d violations=%d%s%n",
                variant, THREADS, ITEMS, result.operations(), result.nanos() / 1_000_000, result.violations().size(),
                result.violations().isEmpty() ? "" : " first: " + result.violations().getFirst());
    }
}
