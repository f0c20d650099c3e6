package dev.cairn.verification;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces a failing chain to a minimal one that still breaks the same clause: first it removes
 * spans of actions (halves, quarters, ... single actions), then it simplifies the arguments of
 * what is left (type 0, count 1 or halved, alignment 1, ref 0, the smallest pool), and repeats
 * until nothing changes or {@link #RUNS_MAX} replays were spent. Every candidate is replayed on
 * both sides; a candidate is kept when it fails with the same clause, on the same side.
 */
final class Shrinker {

    /** The most replays one shrink may spend. */
    static final int RUNS_MAX = 4000;

    /**
     * A shrunk chain.
     *
     * @param chain     the minimal chain found
     * @param violation what it shows
     * @param runs      the replays spent
     */
    record Shrunk(Chain chain, Violation violation, int runs) {
    }

    private final Target reference;
    private final Target subject;
    private final OtherThread otherThread;
    private final Violation original;
    private int runs;
    private Violation last;

    private Shrinker(Target reference, Target subject, OtherThread otherThread, Violation original) {
        this.reference = reference;
        this.subject = subject;
        this.otherThread = otherThread;
        this.original = original;
    }

    /**
     * Shrinks {@code failing}.
     *
     * @param reference   the reference target
     * @param subject     the target that failed
     * @param failing     the failing chain (up to and including the failing action)
     * @param violation   the violation it showed
     * @param otherThread the thread for wrong-thread actions
     * @return the shrunk chain
     */
    static Shrunk shrink(Target reference, Target subject, Chain failing, Violation violation, OtherThread otherThread) {
        Shrinker shrinker = new Shrinker(reference, subject, otherThread, violation);
        shrinker.last = violation;
        Chain current = failing;
        Chain previous;
        do {
            previous = current;
            current = shrinker.removeSpans(current);
            current = shrinker.simplify(current);
        } while (!current.equals(previous) && shrinker.runs < RUNS_MAX);
        return new Shrunk(current, shrinker.last, shrinker.runs);
    }

    /** {@return the failing prefix of {@code candidate}, or {@code null} if it does not fail alike} */
    private Chain fails(Chain candidate) {
        if (runs >= RUNS_MAX) {
            return null;
        }
        runs++;
        Runner.Result result = Runner.run(reference, subject, candidate, otherThread);
        Violation violation = result.violation();
        if (violation == null || violation.clause() != original.clause() || violation.byReference() != original.byReference()) {
            return null;
        }
        last = violation;
        return result.chain();
    }

    private Chain removeSpans(Chain chain) {
        Chain current = chain;
        for (int span = Math.max(1, current.length() / 2); span >= 1; span /= 2) {
            int start = 0;
            while (start < current.length()) {
                List<Action> kept = new ArrayList<>(current.actions().subList(0, start));
                kept.addAll(current.actions().subList(Math.min(current.length(), start + span), current.length()));
                Chain shorter = fails(current.withActions(kept));
                if (shorter != null) {
                    current = shorter;
                } else {
                    start += span;
                }
            }
        }
        return current;
    }

    private Chain simplify(Chain chain) {
        Chain current = chain;
        Chain smallerPool = current.poolByteCapacity() > 64
                ? fails(new Chain(64, current.allocator(), current.actions())) : null;
        if (smallerPool != null) {
            current = smallerPool;
        }
        Chain defaultAllocator = current.allocator().equals(AllocatorOptions.DEFAULT) ? null
                : fails(new Chain(current.poolByteCapacity(), AllocatorOptions.DEFAULT, current.actions()));
        if (defaultAllocator != null) {
            current = defaultAllocator;
        }
        for (int index = 0; index < current.length(); index++) {
            for (Action simpler : simpler(current.actions().get(index))) {
                List<Action> actions = new ArrayList<>(current.actions());
                if (index >= actions.size()) {
                    break;
                }
                actions.set(index, simpler);
                Chain candidate = fails(current.withActions(actions));
                if (candidate != null) {
                    current = candidate;
                }
            }
        }
        return current;
    }

    /** {@return simpler variants of {@code action}, simplest first} */
    private static List<Action> simpler(Action action) {
        List<Action> variants = new ArrayList<>();
        if (action.type() != 0) {
            variants.add(action.withType(0));
        }
        if (action.count() != 1) {
            variants.add(action.withCount(1));
            if (action.count() > 2) {
                variants.add(action.withCount(action.count() / 2));
            }
        }
        if (action.byteAlignment() != 1) {
            variants.add(action.withByteAlignment(1));
        }
        if (action.ref() != 0 && action.op() != Op.PUSH_BOUND) {
            variants.add(action.withRef(0));
        }
        return variants;
    }
}
