package dev.cairn.impl.counted;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.ClosedFault;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Reference-counted items that own what they guard (RC-1..RC-6), on any {@link GeneralAllocator}
 * through its public interface only. A general allocator's {@code allocateCounted} delegates here.
 *
 * <p>The item and its count live in one fixed block of the allocator:
 *
 * <pre>
 *   block  [ count: int | padding ][ item: elementCount x type.byteSize() ]
 *                                  ^ a multiple of the effective alignment (AC-4)
 * </pre>
 *
 * The block is allocated as one element of a synthetic type ({@code counted<name>}) whose
 * destructor destroys the item's elements in descending index order. So the release that reaches
 * zero (which frees the block) and the allocator's close (which destroys leaked blocks) each run
 * the item's destructors, and exactly one of them does (DS-1). Either marks the handle destroyed
 * before the block is freed; from then on no call reads the block again: {@code item()}, {@code
 * retain()} and {@code release()} throw {@link dev.cairn.fault.RefCountFault}, {@code count()}
 * is 0 (RC-5).
 *
 * <p>Steady-state {@code retain} and {@code release} allocate nothing on the Java heap.
 *
 * <p>Races: a thread may retain or release only while it holds a reference (one it retained, or
 * one handed to it by a holder with a happens-before edge, as a queue or a thread start gives).
 * A retain by a thread that holds none, racing the release that destroys the item, is a
 * programmer error of the same kind as a use after free, outside the contract's preconditions
 * (RC-2, ER-2 in docs/spec.md). What it can do, exactly:
 * <ul>
 *   <li>if it reads the handle destroyed it throws {@link dev.cairn.fault.RefCountFault} (RC-2)
 *       and changes nothing; if its add finds the count at 0 it takes the add back and throws
 *       the same;</li>
 *   <li>if it read the handle live before the destroying release marked it, and the block was then
 *       freed and its memory handed out again (a small block, up to 32 KiB, whose page stays
 *       mapped), its atomic add runs on the four bytes at the block's old address, now part of
 *       another block: unless they read as 0 or {@code COUNT_MAX} and beyond (then it takes the
 *       add back and throws, as above) it adds one to the {@code int} there. That is the one case
 *       where a Cairn call writes into another live block;</li>
 *   <li>a large counted block (over 32 KiB) has its own arena, closed at the free: the add then
 *       throws {@link IllegalStateException} from the FFM runtime and writes nothing.</li>
 * </ul>
 * Destructors still run once (DS-1): the destroying release claims the handle's liveness flag by
 * an exchange, and a second release that reached zero after such a retain finds it claimed.
 * No native memory is read or written outside the allocator's own chunks either way (no crash).
 * Preventing the stale add would need every retain to publish itself before touching the
 * count (a second atomic, or deferred reclamation of counted blocks), which the retain/release
 * fast path does not pay; the confined mode has no such race.
 */
public final class CountedItems {

    /** Makes the handle for a freshly allocated block and sets its count to 1. */
    @FunctionalInterface
    interface HandleMaker {
        CountedItem make(GeneralAllocator allocator, MemorySegment block, Type type, long elementCount,
                         CountedLayout layout);
    }

    private CountedItems() {
    }

    /**
     * Allocates a counted item of {@code count} elements with count 1 (RC-1).
     *
     * @param allocator     the general allocator that holds the item's block
     * @param type          the element type; its destructor runs when the item is destroyed
     * @param count         the number of elements, at least 1
     * @param byteAlignment the requested alignment of the item, a power of two
     * @param mode          atomic or confined counting (RC-6)
     * @return the handle, count 1
     * @throws NullPointerException if {@code allocator}, {@code type} or {@code mode} is null
     * @throws ArgumentFault        (TY-2) if {@code count < 1} or the block's byte size, count
     *                              included, exceeds {@link Type#BLOCK_BYTE_SIZE_MAX}; (AC-4) if
     *                              {@code byteAlignment} is not a power of two
     * @throws AlignmentFault       (AC-4) if the effective alignment exceeds {@link AlignmentContext#current()}
     * @throws AllocationFault      (GA-7) if the allocator has no memory for the block
     * @throws ClosedFault          (GA-6) if the allocator is closed
     * @throws WrongThreadException (GA-5) if the allocator is confined to another thread
     */
    public static RefCounted allocate(GeneralAllocator allocator, Type type, long count, long byteAlignment,
                                      CountMode mode) {
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(type, "type");
        HandleMaker maker = switch (Objects.requireNonNull(mode, "mode")) {
            case ATOMIC -> AtomicCountedItem::new;
            case CONFINED -> ConfinedCountedItem::new;
        };
        return allocateChecked(allocator, type, count, byteAlignment, maker);
    }

    /**
     * Allocates with a given handle maker (tests substitute deliberately broken handles). Checks
     * the arguments, then allocates: a fault leaves the allocator unchanged.
     */
    static CountedItem allocateChecked(GeneralAllocator allocator, Type type, long count, long byteAlignment,
                                       HandleMaker maker) {
        CountedLayout layout = checkedLayout(type, count, byteAlignment);
        ItemDestructor destructor = new ItemDestructor(type, count, layout);
        Type blockType = Type.of("counted<" + type.name() + ">", layout.blockLayout()).withDestructor(destructor);
        MemorySegment block = allocateBlock(allocator, blockType, layout.blockByteAlignment());
        CountedItem handle = maker.make(allocator, block, type, count, layout);
        destructor.bind(handle);
        assert handle.invariantsHold() : handle;
        return handle;
    }

    private static CountedLayout checkedLayout(Type type, long count, long byteAlignment) {
        long itemByteSize = type.blockByteSize(count);
        long effective = AlignmentContext.effectiveAlignment(type, byteAlignment);
        CountedLayout layout = CountedLayout.of(effective, itemByteSize);
        if (layout.blockByteSize() > Type.BLOCK_BYTE_SIZE_MAX) {
            throw CountFaults.blockTooLarge(type, count, layout.blockByteSize());
        }
        return layout;
    }

    /**
     * Allocates the block. The item's effective alignment was checked against {@link
     * AlignmentContext#current()}; only when the current maximum is below the count's own
     * alignment (4) is that maximum raised for this one internal allocation, for the count.
     */
    private static MemorySegment allocateBlock(GeneralAllocator allocator, Type blockType, long blockByteAlignment) {
        if (AlignmentContext.current() >= blockByteAlignment) {
            return allocator.allocate(blockType, 1, blockByteAlignment);
        }
        return AlignmentContext.call(blockByteAlignment, () -> allocator.allocate(blockType, 1, blockByteAlignment));
    }
}
