package dev.cairn.verification;

import dev.cairn.fault.Clause;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Third-party allocators adapted to the contract as far as they go. Their violations are
 * findings, not failures: they show where a real allocator differs from Cairn's contract. An
 * action that would crash or corrupt the process is never sent (ER-2).
 */
final class ThirdParty {

    private static final String NO_COUNTING = "the allocator has no reference counting";
    private static final String NO_VECTOR = "the allocator has no vector (a vector of Cairn's on it would test Cairn, not it)";

    private ThirdParty() {
    }

    /** {@return the third-party targets} */
    static List<Target> all() {
        return List.of(glibc(), arenas(), slicing(), lwjgl(), netty());
    }

    /** {@return glibc's allocator through FFM downcalls} */
    static Target glibc() {
        String undefined = "glibc free() of a pointer it did not return, or already freed, is undefined behaviour"
                + " (heap corruption or abort): never sent";
        Map<Op, String> unsent = noCounting();
        unsent.put(Op.FREE_TWICE, undefined);
        unsent.put(Op.FREE_SLICE, undefined);
        unsent.put(Op.FREE_FOREIGN, undefined);
        Map<Clause, String> notApplicable = countingClauses();
        notApplicable.put(Clause.GA_4, "only frees of live blocks are sent: " + undefined);
        return new Target("glibc", Target.Role.THIRD_PARTY,
                "glibc calloc/malloc/aligned_alloc/realloc/free through FFM downcalls",
                null, GlibcAllocator::new, notApplicable, unsent);
    }

    /** {@return the JDK's arena per object} */
    static Target arenas() {
        return new Target("jdk-arena", Target.Role.THIRD_PARTY,
                "one Arena.ofShared() per block, freed by closing it", null, ArenaAllocator::new,
                countingClauses(), noCounting());
    }

    /** {@return the JDK's slicing allocator as a stack pool} */
    static Target slicing() {
        return new Target("jdk-slicing", Target.Role.THIRD_PARTY,
                "SegmentAllocator.slicingAllocator over a confined arena's segment", SlicingPool::new, null,
                Map.of(), Map.of());
    }

    /** {@return LWJGL's MemoryStack as a stack pool} */
    static Target lwjgl() {
        return new Target("lwjgl-stack", Target.Role.THIRD_PARTY,
                "LWJGL MemoryStack (ncreate over a shared arena's memory); a pop restores the stack pointer",
                LwjglStackPool::new, null, Map.of(), Map.of());
    }

    /** {@return Netty's AbstractReferenceCounted guarding items of the model's allocator} */
    static Target netty() {
        Map<Clause, String> notApplicable = new EnumMap<>(Clause.class);
        for (Clause clause : List.of(Clause.GA_1, Clause.GA_2, Clause.GA_3, Clause.GA_4, Clause.GA_5, Clause.GA_6,
                Clause.GA_7, Clause.GA_8)) {
            notApplicable.put(clause, "blocks come from the reference model; only the counting is Netty's");
        }
        return new Target("netty-rc", Target.Role.THIRD_PARTY,
                "Netty AbstractReferenceCounted guarding items of the model's allocator (deallocate frees the item)",
                null, () -> new NettyCountedAllocator(dev.cairn.model.ModelGeneralAllocator.shared()), notApplicable,
                Map.of());
    }

    private static Map<Op, String> noCounting() {
        Map<Op, String> unsent = new EnumMap<>(Op.class);
        for (Op op : List.of(Op.COUNTED, Op.RETAIN, Op.RELEASE, Op.RETAIN_DEAD, Op.RELEASE_DEAD, Op.ITEM_DEAD,
                Op.COUNTED_OTHER_THREAD)) {
            unsent.put(op, NO_COUNTING);
        }
        for (Op op : List.of(Op.VECTOR_NEW, Op.VECTOR_APPEND, Op.VECTOR_REMOVE_LAST, Op.VECTOR_FREE,
                Op.VECTOR_GET_OUT_OF_RANGE, Op.VECTOR_USE_AFTER_FREE)) {
            unsent.put(op, NO_VECTOR);
        }
        return unsent;
    }

    private static Map<Clause, String> countingClauses() {
        Map<Clause, String> notApplicable = new EnumMap<>(Clause.class);
        for (Clause clause : List.of(Clause.RC_1, Clause.RC_2, Clause.RC_3, Clause.RC_4, Clause.RC_5, Clause.RC_6)) {
            notApplicable.put(clause, NO_COUNTING);
        }
        notApplicable.put(Clause.VE_1, NO_VECTOR);
        return notApplicable;
    }
}
