package dev.cairn.verification;

import dev.cairn.Type;
import dev.cairn.fault.Clause;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a campaign stops generating against a target once it has shown a violation, so that the
 * rest of the campaign tests the other clauses: first the narrowest thing (unusual alignments of
 * that operation, then bad counts of it, or the throwing destructor type after a DS-4 violation),
 * and the operation itself only when it violates with plain arguments too.
 */
final class Mask {

    private final Set<Op> ops = EnumSet.noneOf(Op.class);
    private final Set<Op> unitAlignment = EnumSet.noneOf(Op.class);
    private final Set<Op> goodCount = EnumSet.noneOf(Op.class);
    private boolean noThrowingType;

    /**
     * Narrows the generation after a violation.
     *
     * @param action    the violating action, or {@code null} for the teardown
     * @param violation the violation
     */
    void learn(Action action, Violation violation) {
        if (violation.clause() == Clause.DS_4 && !noThrowingType) {
            noThrowingType = true;
        } else if (action == null) {
            return;
        } else if (action.byteAlignment() != 1 && unitAlignment.add(action.op())) {
            return;
        } else if (isBad(action) && goodCount.add(action.op())) {
            return;
        } else {
            ops.add(action.op());
        }
    }

    /**
     * {@return whether {@code op} is no longer drawn}
     *
     * @param op an operation
     */
    boolean excludes(Op op) {
        return ops.contains(op);
    }

    /**
     * {@return {@code action} with what is masked made plain}
     *
     * @param action a generated action
     */
    Action apply(Action action) {
        Action plain = action;
        if (unitAlignment.contains(plain.op()) && plain.byteAlignment() != 1) {
            plain = plain.withByteAlignment(1);
        }
        if (goodCount.contains(plain.op()) && isBad(plain)) {
            plain = plain.withCount(1);
        }
        if (noThrowingType && plain.type() == HarnessTypes.THROWING) {
            plain = plain.withType(1);
        }
        return plain;
    }

    private static boolean isBad(Action action) {
        return action.count() < 1 || action.count() > Type.BLOCK_BYTE_SIZE_MAX / HarnessTypes.byteSize(action.type());
    }
}
