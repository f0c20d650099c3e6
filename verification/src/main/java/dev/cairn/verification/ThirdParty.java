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

    private static final Map<String, Map<Clause, String>> EXPLANATIONS = Map.of(
            "glibc", Map.of(
                    Clause.GA_3, "glibc has no fixed blocks: realloc resizes any block, does not zero what it adds,"
                            + " and keeps only malloc's 16-byte alignment, not aligned_alloc's.",
                    Clause.AC_4, "glibc knows no alignment context: aligned_alloc honours any alignment it accepts, and"
                            + " calloc silently takes alignments up to 16 that are not powers of two.",
                    Clause.DS_1, "glibc has no destructors: free and realloc destroy nothing.",
                    Clause.DS_4, "glibc runs no destructor, so none can throw.",
                    Clause.GA_6, "glibc has no allocator lifetime: after the adapter's close (it frees the blocks it"
                            + " tracked) malloc keeps working instead of rejecting calls.",
                    Clause.TY_2, "byte sizes go to glibc as they are: for one the contract rejects (above"
                            + " Type.BLOCK_BYTE_SIZE_MAX) calloc returns NULL, which the adapter reports as an"
                            + " IllegalStateException naming no clause.",
                    Clause.GA_8, "SegmentAllocator byte sizes go to glibc as they are: for one below 1 calloc returns"
                            + " NULL, which the adapter reports as an IllegalStateException naming no clause."),
            "jdk-arena", Map.of(
                    Clause.DS_1, "Arena.close() releases memory and destroys nothing.",
                    Clause.DS_4, "Arena runs no destructor, so none can throw.",
                    Clause.GA_4, "freeing what is no block of this adapter is refused by the adapter's guard with a plain"
                            + " IllegalArgumentException: an Arena has no free of a foreign segment to ask.",
                    Clause.GA_3, "an Arena cannot resize a segment.",
                    Clause.AC_4, "Arena.allocate honours any power-of-two alignment (no context) and rejects others with an"
                            + " IllegalArgumentException that names no clause.",
                    Clause.GA_6, "one arena per block: there is no allocator whose close would reject later calls.",
                    Clause.TY_2, "byte sizes go to the JDK as they are: for one the contract rejects (above"
                            + " Type.BLOCK_BYTE_SIZE_MAX) Arena.allocate throws OutOfMemoryError, which the adapter"
                            + " rethrows as an IllegalStateException naming no clause.",
                    Clause.GA_8, "SegmentAllocator byte sizes go to the JDK as they are: Arena.allocate rejects a"
                            + " negative one with an IllegalArgumentException naming no clause."),
            "jdk-slicing", Map.of(
                    Clause.SP_6, "the slicing allocator has no frames.",
                    Clause.SP_4, "the slicing allocator cannot free a slice, so there is no pop.",
                    Clause.DS_1, "no destructors: closing the arena destroys nothing.",
                    Clause.SP_3, "a slice that does not fit throws IndexOutOfBoundsException, not a pool-exhausted fault.",
                    Clause.SP_7, "slicing touches no memory, so another thread can slice a confined arena's segment.",
                    Clause.AC_4, "no alignment context: any power-of-two alignment is honoured.",
                    Clause.SP_8, "the pool's close closes the arena; slicing its segment afterwards fails with the"
                            + " arena's IllegalStateException (\"Already closed\"), which names no clause.",
                    Clause.SP_9, "the adapter maps SegmentAllocator.allocate(byteSize, byteAlignment) to a push of"
                            + " byteSize bytes, whose element count check (TY-2) speaks before the byte size check of"
                            + " SP-9; the slicing allocator itself would hand out an empty slice."),
            "lwjgl-stack", Map.of(
                    Clause.SP_2, "MemoryStack grows downwards from the end of its memory, so blocks are not at"
                            + " alignUp(top, alignment) from the start as Cairn's contract lays them out.",
                    Clause.SP_4, "MemoryStack has no pop of one block; the adapter restores the stack pointer for blocks it"
                            + " handed out and refuses anything else (a slice) with a plain IllegalArgumentException.",
                    Clause.SP_6, "MemoryStack.pop() pops the innermost frame whichever frame is closed.",
                    Clause.SP_7, "MemoryStack is not bound to a thread (LWJGL gives each thread its own through a"
                            + " ThreadLocal by convention, and checks nothing).",
                    Clause.SP_8, "MemoryStack has no close: its pointer and frame index stay where they were.",
                    Clause.SP_3, "a push that does not fit throws OutOfMemoryError(\"Out of stack space.\"); the adapter"
                            + " rethrows it as IllegalStateException, which names no clause.",
                    Clause.AC_4, "no alignment context: any power-of-two alignment is honoured.",
                    Clause.DS_1, "MemoryStack has no destructors: popping a frame destroys nothing.",
                    Clause.DS_4, "MemoryStack runs no destructor, so none can throw.",
                    Clause.SP_9, "the adapter maps SegmentAllocator.allocate(byteSize, byteAlignment) to a push of"
                            + " byteSize bytes, whose element count check (TY-2) speaks before the byte size check of"
                            + " SP-9; LWJGL is not called."),
            "impl", Map.of(
                    Clause.TY_2, "a bug: a byte size above Type.BLOCK_BYTE_SIZE_MAX is reported as PoolExhaustedFault"
                            + " (SP-3) by the stack pool, and as AllocationFault (GA-7) by the general allocator, whose"
                            + " region size then overflows; Type.blockByteSize says ArgumentFault (TY-2).",
                    Clause.RC_1, "a disagreement with the model: a counted item adds its count header to"
                            + " liveByteSize (5 for a 1-byte item); GeneralAllocator.liveByteSize counts the items of"
                            + " counted blocks, as the model does.",
                    Clause.DS_4, "a bug: closing the allocator with a live block whose destructor throws, and another"
                            + " live block, throws NullPointerException (\"Cannot suppress a null exception\") instead of"
                            + " completing the close and then throwing the destructor's exception."),
            "impl-over", Map.of(
                    Clause.TY_2, "the same bug as impl's TY-2: the pool over application memory shares the code."),
            "netty-rc", Map.of(
                    Clause.RC_5, "Netty does not guard the item: it can be reached after the last release.",
                    Clause.RC_2, "retain after the last release throws IllegalReferenceCountException, which names no clause.",
                    Clause.RC_3, "release after the last release throws IllegalReferenceCountException, which names no clause.",
                    Clause.RC_6, "Netty counts atomically only and never confines a count to a thread.",
                    Clause.RC_1, "Netty keeps the count in the Java object (AbstractReferenceCounted's field), not in"
                            + " the item's native block, so the block is the count's 4 bytes smaller than RC-1 lays"
                            + " it out."));

    private ThirdParty() {
    }

    /**
     * {@return why {@code target} violates {@code clause}, when known}: for a third party, where it
     * differs from the contract; for the implementation, the bug or disagreement found
     *
     * @param target the target's name
     * @param clause the violated clause
     */
    static String explain(String target, Clause clause) {
        return EXPLANATIONS.getOrDefault(target, Map.of()).get(clause);
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
                Op.VECTOR_GET_OUT_OF_RANGE, Op.VECTOR_USE_AFTER_FREE, Op.REF_VECTOR_NEW, Op.REF_VECTOR_APPEND)) {
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
