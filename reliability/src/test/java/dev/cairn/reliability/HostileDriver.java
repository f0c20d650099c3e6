package dev.cairn.reliability;

import dev.cairn.model.ModelGeneralAllocator;
import dev.cairn.model.ModelStackPool;
import dev.cairn.reliability.HostileCalls.Call;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seeded hostile-input driver (ER-1, ER-2): it applies the same hostile call to the reference
 * model's side and the FFM implementation's side, and after each call checks that
 * <ol>
 *   <li>both sides did the same: returned the same description, or threw the same class of
 *       exception naming the same clause;</li>
 *   <li>their destructors saw the same things (DS-3, DS-4, SP-4 from a destructor);</li>
 *   <li>after a rejected call, the model's full state ({@link ModelStackPool#state()}, {@link
 *       ModelGeneralAllocator#state()}) and the implementation's observable state (counts, tops,
 *       frames, closed flags, item counts, vector sizes and, every {@value #CONTENTS_EVERY}th step,
 *       the contents of every live block) are what they were before;</li>
 *   <li>both sides' observable states are equal.</li>
 * </ol>
 * A mismatch stops the run with the seed, the step and the call, so {@code new
 * HostileDriver(seed).run(step + 1)} reproduces it.
 */
final class HostileDriver implements AutoCloseable {

    /** How often (in steps) the contents of every live block take part in the comparison. */
    static final int CONTENTS_EVERY = 8;

    /**
     * What a run did.
     * @param calls     the hostile calls made (each on both sides, or on the implementation only)
     * @param rejected  how many of them were rejected with a fault and no change
     * @param outcomes  the number of calls per outcome (exception class and clause, or returned)
     */
    record Result(long calls, long rejected, Map<String, Long> outcomes) {
    }

    private final String label;
    private final Choices random;
    private final HostileCalls calls;
    private final OtherThread otherThread = new OtherThread();
    private final HostileSide model;
    private final HostileSide impl;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private long rejected;
    private Throwable lastImplFailure;
    private Throwable lastModelFailure;

    /** @param seed the seed of every random choice */
    HostileDriver(long seed) {
        this(Choices.seeded(seed), "seed=" + seed);
    }

    /**
     * @param choices where every choice comes from
     * @param label   names the source in failure messages (its seed, or "fuzz input")
     */
    HostileDriver(Choices choices, String label) {
        this.label = label;
        this.random = choices;
        this.calls = new HostileCalls(new HostileArguments(choices));
        this.model = new HostileSide(true, false, otherThread);
        this.impl = new HostileSide(false, false, otherThread);
        this.model.peer = impl;
        this.impl.peer = model;
    }

    /**
     * Runs {@code count} calls.
     * @param count the number of calls
     * @return what they did
     * @throws AssertionError on the first mismatch, naming the seed, step and call
     */
    Result run(long count) {
        long step = 0;
        for (; step < count && random.hasMore(); step++) {
            step(step, calls.make(nextKind()));
        }
        return new Result(step, rejected, outcomes);
    }

    /** Closes and reopen are rare; calls that free are favoured when the side holds many handles. */
    private int nextKind() {
        if ((model.pool.isClosed() || model.allocator.isClosed()) && random.nextInt(40) == 0) {
            return HostileCalls.KINDS - 1;
        }
        if (model.stack.size() > HostileSide.LIVE_MAX && random.nextBoolean()) {
            return 3;
        }
        if ((model.blocks.size() > HostileSide.LIVE_MAX || model.items.size() > HostileSide.LIVE_MAX)
                && random.nextBoolean()) {
            return random.nextBoolean() ? 9 : 13;
        }
        int kind = random.nextInt(HostileCalls.KINDS - 3);
        if (random.nextInt(3000) == 0) {
            kind = HostileCalls.KINDS - 3 + random.nextInt(2);
        }
        return kind;
    }

    private void step(long step, Call call) {
        lastImplFailure = null;
        lastModelFailure = null;
        boolean contents = step % CONTENTS_EVERY == 0;
        String modelBefore = call.implOnly() ? null : modelState(contents);
        String implBefore = impl.summary(contents);
        Outcome modelOutcome = call.implOnly() ? null : apply(model, call, true);
        Outcome implOutcome = apply(impl, call, false);
        outcomes.merge(implOutcome.value() == null ? implOutcome.toString() : "returned", 1L, Long::sum);
        if (call.implOnly()) {
            check(step, call, implOutcome.rejected(), "the implementation accepted it", implOutcome, null);
        } else {
            check(step, call, modelOutcome.equals(implOutcome), "the outcomes differ", implOutcome, modelOutcome);
            check(step, call, sameDestruction(call), "destructors saw model=" + abbreviate(model.log) + " impl="
                    + abbreviate(impl.log), implOutcome, modelOutcome);
        }
        model.log.clear();
        impl.log.clear();
        if (implOutcome.rejected()) {
            rejected++;
            String implAfter = impl.summary(contents);
            check(step, call, implAfter.equals(implBefore), "the implementation changed: before " + implBefore
                    + " after " + implAfter, implOutcome, modelOutcome);
            if (!call.implOnly()) {
                String modelAfter = modelState(contents);
                check(step, call, modelAfter.equals(modelBefore), "the model changed: before " + modelBefore
                        + " after " + modelAfter, implOutcome, modelOutcome);
            }
        }
        if (!call.implOnly()) {
            String modelSummary = model.summary(contents);
            String implSummary = impl.summary(contents);
            check(step, call, modelSummary.equals(implSummary), "the states differ: model " + modelSummary + " impl "
                    + implSummary, implOutcome, modelOutcome);
        }
    }

    /**
     * The destructor logs must be equal, in order, except at an allocator's close: GA-6 fixes no
     * order among the blocks it destroys (DS-1 fixes it within a block and at a pool's close).
     */
    private boolean sameDestruction(Call call) {
        if (!call.name().equals(HostileCalls.CLOSE_ALLOCATOR)) {
            return model.log.equals(impl.log);
        }
        return model.log.stream().sorted().toList().equals(impl.log.stream().sorted().toList());
    }

    private static String abbreviate(List<String> log) {
        String text = log.toString();
        return text.length() <= 400 ? text : text.substring(0, 400) + "... (" + log.size() + " entries)";
    }

    private String modelState(boolean contents) {
        return ((ModelStackPool) model.pool).state() + " " + ((ModelGeneralAllocator) model.allocator).state() + " "
                + model.summary(contents);
    }

    private Outcome apply(HostileSide side, Call call, boolean isModel) {
        try {
            Object value = call.call().apply(side);
            return value instanceof Outcome outcome ? outcome : Outcome.returned(value);
        } catch (RuntimeException failure) {
            if (isModel) {
                lastModelFailure = failure;
            } else {
                lastImplFailure = failure;
            }
            return Outcome.threw(failure);
        }
    }

    private void check(long step, Call call, boolean holds, String what, Outcome implOutcome, Outcome modelOutcome) {
        if (!holds) {
            AssertionError error = new AssertionError(label + " step=" + step + " call=\"" + call.name()
                    + "\": " + what + "; model " + modelOutcome + ", impl " + implOutcome);
            List<Throwable> causes = new ArrayList<>();
            if (lastImplFailure != null) {
                causes.add(lastImplFailure);
            }
            if (lastModelFailure != null) {
                causes.add(lastModelFailure);
            }
            causes.forEach(error::addSuppressed);
            throw error;
        }
    }

    @Override
    public void close() {
        model.close();
        impl.close();
        otherThread.close();
    }
}
