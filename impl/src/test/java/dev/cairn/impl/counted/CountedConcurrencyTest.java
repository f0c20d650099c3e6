package dev.cairn.impl.counted;

import dev.cairn.GeneralAllocator;
import dev.cairn.impl.GeneralAllocators;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RC-4 and RC-6 under real concurrency: {@link RetainReleaseStress} on the atomic handle finds
 * nothing, and the same check finds the deliberately broken {@link RacyCountedItem} out, so it
 * is strong enough to catch a broken atomic add.
 */
class CountedConcurrencyTest {

    private static final int THREADS = 4;
    private static final int ITEMS = 8;
    /** Each pair is one or two retains then as many releases: about 3 operations on average. */
    private static final long PAIRS_PER_THREAD = 1_000_000;
    /** Longer runs: {@code -Dcairn.stress.pairs=N} on the Maven command line. */
    private static final long PAIRS_PER_THREAD_MAX = Long.getLong("cairn.stress.pairs", PAIRS_PER_THREAD);
    /** The broken add loses a few to hundreds of updates per million pairs on 2 cores. */
    private static final long RACY_PAIRS_PER_THREAD = 200_000;
    /** Rounds of the broken run before the check is declared blind: a limit, never reached so far. */
    private static final int RACY_ROUND_MAX = 10;

    @Test
    void atomicCountsAreConservedAndEachItemIsDestroyedByExactlyOneThread() throws InterruptedException {
        checkConserved("atomic on the fixture", ArenaGeneralAllocator::shared);
    }

    @Test
    void atomicCountsAreConservedOnTheFfmGeneralAllocator() throws InterruptedException {
        checkConserved("atomic on GeneralAllocators.shared()", GeneralAllocators::shared);
    }

    private static void checkConserved(String variant, Supplier<GeneralAllocator> allocators) throws InterruptedException {
        RetainReleaseStress.Result result = new RetainReleaseStress(allocators, AtomicCountedItem::new, THREADS, ITEMS)
                .run(PAIRS_PER_THREAD_MAX);
        report(variant, result);
        assertEquals(List.of(), result.violations());
        assertTrue(result.operations() >= 2L * THREADS * PAIRS_PER_THREAD_MAX, "every operation ran");
    }

    @Test
    void theSameCheckCatchesANonAtomicCompareAndExchange() throws InterruptedException {
        RetainReleaseStress.Result result = null;
        for (int round = 1; round <= RACY_ROUND_MAX && (result == null || result.violations().isEmpty()); round++) {
            result = new RetainReleaseStress(ArenaGeneralAllocator::shared, RacyCountedItem::new, THREADS, ITEMS).run(RACY_PAIRS_PER_THREAD);
            report("racy (deliberately broken), round " + round, result);
        }
        assertFalse(result.violations().isEmpty(), "the broken exchange went unnoticed in " + RACY_ROUND_MAX + " rounds");
    }

    private static void report(String variant, RetainReleaseStress.Result result) {
        System.out.printf("RetainReleaseStress %s: threads=%d items=%d operations=%d millis=%d violations=%d%s%n",
                variant, THREADS, ITEMS, result.operations(), result.nanos() / 1_000_000, result.violations().size(),
                result.violations().isEmpty() ? "" : " first: " + result.violations().getFirst());
    }
}
