package dev.cairn.impl;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.ClosedFault;
import dev.cairn.impl.counted.CountedItems;

/**
 * The public entry point of reference counting (RC-1..RC-6) on any {@link GeneralAllocator},
 * Cairn's own or another implementation of the contract: the item and its count live in one
 * fixed block of that allocator. Cairn's general allocators give the same through {@link
 * GeneralAllocator#allocateCounted}.
 *
 * <pre>{@code
 * RefCounted buffer = RefCounting.allocate(allocator, Type.BYTE, 4096, 64, CountMode.ATOMIC);
 * buffer.retain();                 // count 2, from any thread
 * buffer.release();                // count 1
 * buffer.release();                // true: destroyed, block returned to the allocator
 * }</pre>
 */
public final class RefCounting {

    private RefCounting() {
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
     * @throws ArgumentFault        (TY-2) if {@code count < 1} or the block's byte size overflows;
     *                              (AC-4) if {@code byteAlignment} is not a power of two
     * @throws AlignmentFault       (AC-4) if the effective alignment exceeds {@link AlignmentContext#current()}
     * @throws AllocationFault      (GA-7) if the allocator has no memory for the block
     * @throws ClosedFault          (GA-6) if the allocator is closed
     * @throws WrongThreadException (GA-5) if the allocator is confined to another thread
     */
    public static RefCounted allocate(GeneralAllocator allocator, Type type, long count, long byteAlignment,
                                      CountMode mode) {
        return CountedItems.allocate(allocator, type, count, byteAlignment, mode);
    }
}
