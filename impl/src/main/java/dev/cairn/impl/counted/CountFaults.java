package dev.cairn.impl.counted;

import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import dev.cairn.fault.Fault;
import dev.cairn.fault.RefCountFault;

/**
 * Every fault message of the counted items, built in one place (ER-1): the clause id, then the
 * offending values in {@code name=value} form.
 */
final class CountFaults {

    private CountFaults() {
    }

    /**
     * {@return the fault for a call on a destroyed item (RC-2, RC-3, RC-5)}
     *
     * @param clause    the clause of the call
     * @param operation the call, such as {@code "RefCounted.retain"}
     * @param item      the handle
     */
    static RefCountFault destroyed(Clause clause, String operation, RefCounted item) {
        return new RefCountFault(clause, operation + " on a destroyed item: count=0 type=" + item.type().name()
                + " elementCount=" + item.elementCount() + " mode=" + item.mode());
    }

    /**
     * {@return the fault for a retain at the maximum count (RC-2)}
     *
     * @param item the handle
     */
    static RefCountFault atMaximum(RefCounted item) {
        return new RefCountFault(Clause.RC_2, "RefCounted.retain at count=" + RefCounted.COUNT_MAX
                + " which is COUNT_MAX=" + RefCounted.COUNT_MAX + ": type=" + item.type().name()
                + " mode=" + item.mode());
    }

    /**
     * {@return the exception for a confined item used off its owner thread (RC-6)}
     *
     * @param operation the call
     * @param owner     the owner thread
     */
    static WrongThreadException notOwner(String operation, Thread owner) {
        return Fault.wrongThread(Clause.RC_6, operation, owner);
    }

    /**
     * {@return the exception for a release that would free the block of a confined allocator off
     * its owner thread (GA-5)}
     *
     * @param allocatorOwner the allocator's owner thread
     */
    static WrongThreadException lastReleaseNotOnAllocatorOwner(Thread allocatorOwner) {
        return Fault.wrongThread(Clause.GA_5, "RefCounted.release at count=1 (frees the block of a confined"
                + " allocator)", allocatorOwner);
    }

    /**
     * {@return the fault for an item whose block, count included, is too large (TY-2)}
     *
     * @param type          the item type
     * @param elementCount  the number of elements
     * @param blockByteSize the block's byte size, count and padding included
     */
    static ArgumentFault blockTooLarge(Type type, long elementCount, long blockByteSize) {
        return new ArgumentFault(Clause.TY_2, "count=" + elementCount + " of type=" + type.name()
                + " needs blockByteSize=" + blockByteSize + " with its count, above blockByteSizeMax="
                + Type.BLOCK_BYTE_SIZE_MAX);
    }
}
