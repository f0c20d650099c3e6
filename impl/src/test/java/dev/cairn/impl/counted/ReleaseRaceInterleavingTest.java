package dev.cairn.impl.counted;

import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.fault.Fault;
import dev.cairn.fault.RefCountFault;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release-to-zero race (RC-3, RC-4, RC-6), checked on every interleaving of the real atomic
 * handle's accesses to its count: {@link InterleavingScheduler} runs the handle's own retain and
 * release code with a step before each read, add and compare-and-exchange of the count, and
 * enumerates all orders of those steps. In every one, exactly one release returns {@code true},
 * the destructor runs once, the block is freed, and nothing throws; and of two retains racing at
 * {@code COUNT_MAX - 1} exactly one gets through and of two at {@code COUNT_MAX} none (RC-2),
 * the count ending at {@code COUNT_MAX}; and callers that hold no reference, racing the last
 * release, never make the destructor run twice. The same explorations find a failing schedule for the
 * non-atomic add and exchange of {@link RacyCountedItem}.
 *
 * <p>All accesses to the count are volatile reads, atomic adds or compare-and-exchanges, so the Java memory
 * model gives them one total order: sequentially consistent interleavings are all the behaviours
 * there are, and this enumeration covers them all (what jcstress samples at random).
 */
class ReleaseRaceInterleavingTest {

    private static final long RUN_MAX = 100_000;

    /** Starting at {@code holders}, each thread drops the reference it holds, after its own {@code extra} retain-release pairs. */
    private static Supplier<InterleavingScheduler.Scenario> race(CountedItems.HandleMaker maker, int holders, int extra) {
        return () -> new RaceScenario(maker, holders, extra);
    }

    private static final class RaceScenario implements InterleavingScheduler.Scenario {
        private final AtomicInteger destructions = new AtomicInteger();
        private final AtomicInteger destroyers = new AtomicInteger();
        private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        private final ArenaGeneralAllocator allocator = ArenaGeneralAllocator.shared();
        private final RefCounted item;
        private final int holders;
        private final int extra;

        RaceScenario(CountedItems.HandleMaker maker, int holders, int extra) {
            this.holders = holders;
            this.extra = extra;
            Type type = Type.of("raced", ValueLayout.JAVA_INT).withDestructor(e -> destructions.incrementAndGet());
            item = CountedItems.allocateChecked(allocator, type, 1, 1, maker);
            for (int holder = 1; holder < holders; holder++) {
                item.retain();
            }
        }

        @Override
        public List<Runnable> threads() {
            List<Runnable> threads = new ArrayList<>();
            for (int holder = 0; holder < holders; holder++) {
                int pairs = holder == 0 ? extra : 0;
                threads.add(() -> dropReference(pairs));
            }
            return threads;
        }

        private void dropReference(int pairs) {
            try {
                for (int pair = 0; pair < pairs; pair++) {
                    item.retain();
                    if (item.release()) {
                        failures.add(new AssertionError("a release returned true while a reference was held"));
                    }
                }
                if (item.release()) {
                    destroyers.incrementAndGet();
                }
            } catch (RuntimeException | AssertionError failure) {
                failures.add(failure);
            }
        }

        @Override
        public String check() {
            long liveBlocks = allocator.liveBlockCount();
            boolean live = item.isLive();
            int destroyedOnce = destructions.get();
            try {
                allocator.close();
            } catch (RuntimeException closeFailure) {
                failures.add(closeFailure);
            }
            if (destroyers.get() == 1 && destroyedOnce == 1 && liveBlocks == 0 && !live && failures.isEmpty()) {
                return null;
            }
            return "releases that returned true=" + destroyers + " destructor runs=" + destroyedOnce
                    + " liveBlockCount=" + liveBlocks + " live=" + live + " failures=" + failures;
        }
    }

    /**
     * Two threads retain at {@code start}: {@code COUNT_MAX - start} of them succeed, the others
     * are refused (RC-2), and the count ends at {@code COUNT_MAX}.
     */
    private static final class MaximumScenario implements InterleavingScheduler.Scenario {
        private final AtomicInteger refused = new AtomicInteger();
        private final int refusedExpected;
        private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        private final ArenaGeneralAllocator allocator = ArenaGeneralAllocator.shared();
        private final CountedItem item;

        MaximumScenario(CountedItems.HandleMaker maker, int start) {
            refusedExpected = 2 - (int) (RefCounted.COUNT_MAX - start);
            item = CountedItems.allocateChecked(allocator, Type.BYTE, 1, 1, maker);
            item.block().set(CountedLayout.COUNT_LAYOUT, CountedLayout.COUNT_BYTE_OFFSET, start);
        }

        @Override
        public List<Runnable> threads() {
            Runnable retain = () -> {
                try {
                    item.retain();
                } catch (RefCountFault atMaximum) {
                    refused.incrementAndGet();
                } catch (RuntimeException failure) {
                    failures.add(failure);
                }
            };
            return List.of(retain, retain);
        }

        @Override
        public String check() {
            long count = item.count();
            allocator.close();
            if (refused.get() == refusedExpected && count == RefCounted.COUNT_MAX && failures.isEmpty()) {
                return null;
            }
            return "refused=" + refused + " count=" + count + " failures=" + failures;
        }
    }

    /**
     * Outside the preconditions (RC-2, RC-3): the one holder releases while a thread with no
     * reference retains and another with none releases. Whichever release reaches zero first
     * destroys and returns {@code true}; the destructor runs once (DS-1), though the retain's add
     * may briefly make the count 1 again. The other calls are refused, or succeed (a retain that
     * came first); a call on the freed block (this allocator gives each block its own arena, as
     * the FFM allocator does for large blocks) is refused by the FFM runtime.
     */
    private static final class NoReferenceScenario implements InterleavingScheduler.Scenario {
        private final AtomicInteger destructions = new AtomicInteger();
        private final AtomicInteger destroyers = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        private final ArenaGeneralAllocator allocator = ArenaGeneralAllocator.shared();
        private final RefCounted item;

        NoReferenceScenario(CountedItems.HandleMaker maker) {
            Type type = Type.of("raced", ValueLayout.JAVA_INT).withDestructor(e -> destructions.incrementAndGet());
            item = CountedItems.allocateChecked(allocator, type, 1, 1, maker);
        }

        @Override
        public List<Runnable> threads() {
            Runnable release = () -> call(() -> {
                if (item.release()) {
                    destroyers.incrementAndGet();
                }
            });
            return List.of(release, () -> call(item::retain), release);
        }

        private void call(Runnable call) {
            try {
                call.run();
            } catch (RefCountFault destroyed) {
                refused.incrementAndGet();
            } catch (IllegalStateException freed) {
                if (freed instanceof Fault) {
                    failures.add(freed); // the allocator's own faults (a double free) are failures
                } else {
                    refused.incrementAndGet(); // the FFM runtime's: the freed block's arena is closed
                }
            } catch (RuntimeException | AssertionError failure) {
                failures.add(failure);
            }
        }

        @Override
        public String check() {
            long liveBlocks = allocator.liveBlockCount();
            allocator.close();
            if (destroyers.get() == 1 && destructions.get() == 1 && liveBlocks == 0 && failures.isEmpty()) {
                return null;
            }
            return "releases that returned true=" + destroyers + " destructor runs=" + destructions
                    + " refused=" + refused + " liveBlockCount=" + liveBlocks + " failures=" + failures;
        }
    }

    private static InterleavingScheduler.Exploration explore(String name, Supplier<InterleavingScheduler.Scenario> race)
            throws InterruptedException {
        long start = System.nanoTime();
        InterleavingScheduler.Exploration found = InterleavingScheduler.explore(race, RUN_MAX);
        System.out.printf("ReleaseRaceInterleaving %s: interleavings=%d millis=%d counterexample=%s%n", name,
                found.runs(), (System.nanoTime() - start) / 1_000_000, found.counterexample());
        return found;
    }

    @Test
    void twoReleasesFromTwoDestroyExactlyOnceInEveryInterleaving() throws InterruptedException {
        InterleavingScheduler.Exploration found = explore("atomic 2 holders", race(ScheduledCountedItems.Atomic::new, 2, 0));
        assertNull(found.counterexample());
        assertTrue(found.runs() >= 6, "at least every order of the two threads' steps: " + found.runs());
    }

    @Test
    void threeReleasesFromThreeDestroyExactlyOnceInEveryInterleaving() throws InterruptedException {
        InterleavingScheduler.Exploration found = explore("atomic 3 holders", race(ScheduledCountedItems.Atomic::new, 3, 0));
        assertNull(found.counterexample());
        assertTrue(found.runs() >= 90, "at least every order of the three threads' steps: " + found.runs());
    }

    @Test
    void retainsRacingWithTheLastReleasesNeverResurrectOrDoubleDestroy() throws InterruptedException {
        InterleavingScheduler.Exploration found = explore("atomic 2 holders, 2 retain-release pairs",
                race(ScheduledCountedItems.Atomic::new, 2, 2));
        assertNull(found.counterexample());
        // 6 scheduling points (5 adds, then the run to the end) against 2: C(8, 2) = 28 orders.
        assertTrue(found.runs() >= 28, "at least every order of the two threads' steps: " + found.runs());
    }

    @Test
    void retainsRacingAtTheMaximumLetExactlyOneThrough() throws InterruptedException {
        InterleavingScheduler.Exploration found = explore("atomic 2 retains at COUNT_MAX - 1",
                () -> new MaximumScenario(ScheduledCountedItems.Atomic::new, (int) RefCounted.COUNT_MAX - 1));
        assertNull(found.counterexample());
        assertTrue(found.runs() >= 6, "at least every order of the two threads' steps: " + found.runs());
    }

    @Test
    void retainsRacingAtTheMaximumAreBothRefusedAndChangeNothing() throws InterruptedException {
        InterleavingScheduler.Exploration found = explore("atomic 2 retains at COUNT_MAX",
                () -> new MaximumScenario(ScheduledCountedItems.Atomic::new, (int) RefCounted.COUNT_MAX));
        assertNull(found.counterexample());
        assertTrue(found.runs() >= 6, "at least every order of the two threads' steps: " + found.runs());
    }

    @Test
    void callersWithoutAReferenceNeverRunTheDestructorTwice() throws InterruptedException {
        InterleavingScheduler.Exploration found = explore("atomic 1 holder releasing, a retain and a release without a reference",
                () -> new NoReferenceScenario(ScheduledCountedItems.Atomic::new));
        assertNull(found.counterexample());
        assertTrue(found.runs() >= 6, "at least every order of the three threads' steps: " + found.runs());
    }

    @Test
    void theExplorationFindsTheBrokenExchangeOutAtTheMaximum() throws InterruptedException {
        InterleavingScheduler.Exploration found = explore("racy (deliberately broken) 2 retains at COUNT_MAX - 1",
                () -> new MaximumScenario(ScheduledCountedItems.Racy::new, (int) RefCounted.COUNT_MAX - 1));
        assertNotNull(found.counterexample(), "the non-atomic exchange passed every interleaving");
    }

    @Test
    void theExplorationFindsTheBrokenExchangeOut() throws InterruptedException {
        InterleavingScheduler.Exploration found = explore("racy (deliberately broken) 2 holders",
                race(ScheduledCountedItems.Racy::new, 2, 0));
        assertNotNull(found.counterexample(), "the non-atomic exchange passed every interleaving");
    }
}
