package dev.cairn;

import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.FixedSizeFault;
import dev.cairn.fault.ForeignBlockFault;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * The general allocator: typed blocks of any lifetime, freed in any order (GA-1..GA-8).
 *
 * <p>A block is <em>fixed</em> unless it came from {@link #allocateGrowable}; only growable blocks
 * can be {@linkplain #resize resized} (GA-2, GA-3). {@link #free} takes a live block of this
 * allocator exactly as it was returned; anything else is a {@link ForeignBlockFault}, detected
 * without reading memory the allocator does not own (GA-4). Every rejected call leaves the
 * allocator exactly as it was (ER-1).
 *
 * <p>A shared allocator may be used from any thread, including to free a block another thread
 * allocated; a confined one belongs to the thread that made it and throws {@link
 * WrongThreadException} elsewhere (GA-5).
 *
 * <p>As a {@link SegmentAllocator} (GA-8) it gives fixed blocks of {@link Type#BYTE}, so it plugs
 * in wherever the FFM API takes an allocator; those blocks are freed like any other.
 */
public interface GeneralAllocator extends SegmentAllocator, AutoCloseable {

    /**
     * Allocates a zero-filled fixed block of {@code count} elements aligned to the type's
     * alignment. Same as {@code allocate(type, count, 1)}.
     *
     * @param type  the element type
     * @param count the number of elements, at least 1
     * @return the block
     * @throws ArgumentFault        (TY-2) if {@code count < 1} or the byte size overflows
     * @throws AlignmentFault       (AC-4) if the type's alignment exceeds {@link AlignmentContext#current()}
     * @throws AllocationFault      (GA-7) if backing memory cannot be had
     * @throws ClosedFault          (GA-6) if the allocator is closed
     * @throws WrongThreadException (GA-5) if confined and called from another thread
     */
    MemorySegment allocate(Type type, long count);

    /**
     * Allocates a zero-filled fixed block of {@code count} elements whose address is a multiple
     * of {@code E = max(type.byteAlignment(), byteAlignment)}, overlapping no other live block
     * (GA-1, AC-4).
     *
     * @param type          the element type
     * @param count         the number of elements, at least 1
     * @param byteAlignment the requested alignment, a power of two; 1 asks for nothing more
     * @return the block: {@code count * type.byteSize()} bytes, all zero
     * @throws ArgumentFault        (TY-2) if {@code count < 1} or the byte size overflows;
     *                              (AC-4) if {@code byteAlignment} is not a power of two
     * @throws AlignmentFault       (AC-4) if {@code E} exceeds {@link AlignmentContext#current()}
     * @throws AllocationFault      (GA-7) if backing memory cannot be had
     * @throws ClosedFault          (GA-6) if the allocator is closed
     * @throws WrongThreadException (GA-5) if confined and called from another thread
     */
    MemorySegment allocate(Type type, long count, long byteAlignment);

    /**
     * Like {@link #allocate(Type, long, long)} but does not zero the block: it may hold what an
     * earlier block left there.
     *
     * @param type          the element type
     * @param count         the number of elements, at least 1
     * @param byteAlignment the requested alignment, a power of two
     * @return the block, contents unspecified
     * @throws ArgumentFault        as {@link #allocate(Type, long, long)}
     * @throws AlignmentFault       as {@link #allocate(Type, long, long)}
     * @throws AllocationFault      as {@link #allocate(Type, long, long)}
     * @throws ClosedFault          as {@link #allocate(Type, long, long)}
     * @throws WrongThreadException as {@link #allocate(Type, long, long)}
     */
    MemorySegment allocateUninitialized(Type type, long count, long byteAlignment);

    /**
     * Allocates a zero-filled growable block (GA-2): {@code allocateGrowable(type, count, 1)}.
     *
     * @param type  the element type
     * @param count the number of elements, at least 1
     * @return the block
     * @throws ArgumentFault        as {@link #allocate(Type, long, long)}
     * @throws AlignmentFault       as {@link #allocate(Type, long, long)}
     * @throws AllocationFault      as {@link #allocate(Type, long, long)}
     * @throws ClosedFault          as {@link #allocate(Type, long, long)}
     * @throws WrongThreadException as {@link #allocate(Type, long, long)}
     */
    MemorySegment allocateGrowable(Type type, long count);

    /**
     * Allocates a zero-filled growable block (GA-2), otherwise as {@link #allocate(Type, long,
     * long)}.
     *
     * @param type          the element type
     * @param count         the number of elements, at least 1
     * @param byteAlignment the requested alignment, a power of two
     * @return the block
     * @throws ArgumentFault        as {@link #allocate(Type, long, long)}
     * @throws AlignmentFault       as {@link #allocate(Type, long, long)}
     * @throws AllocationFault      as {@link #allocate(Type, long, long)}
     * @throws ClosedFault          as {@link #allocate(Type, long, long)}
     * @throws WrongThreadException as {@link #allocate(Type, long, long)}
     */
    MemorySegment allocateGrowable(Type type, long count, long byteAlignment);

    /**
     * Resizes a growable block to {@code count} elements (GA-3). The result has the block's
     * effective alignment and holds its first {@code min(old, count)} elements unchanged; new
     * elements are zero; elements cut off are destroyed first, in descending index order (DS-1).
     * If the block moved, {@code block} is no longer a live block and must not be used.
     * The AlignmentContext is not consulted again: the block keeps the alignment it was given.
     *
     * @param block a live growable block of this allocator, exactly as returned
     * @param count the new number of elements, at least 1
     * @return the resized block (possibly at the same address)
     * @throws ForeignBlockFault    (GA-4) if {@code block} is not a live block of this allocator
     *                              exactly as returned
     * @throws FixedSizeFault       (GA-3) if {@code block} is fixed
     * @throws ArgumentFault        (TY-2) if {@code count < 1} or the byte size overflows
     * @throws AllocationFault      (GA-7) if backing memory cannot be had; the old block stays
     * @throws ClosedFault          (GA-6) if the allocator is closed
     * @throws WrongThreadException (GA-5) if confined and called from another thread
     */
    MemorySegment resize(MemorySegment block, long count);

    /**
     * Frees a block (GA-4): runs the type's destructor on each element in descending index order
     * (DS-1), then releases the memory. If a destructor throws, the memory is still released and
     * the first exception propagates (DS-4).
     *
     * @param block a live block of this allocator, exactly as returned (same address and byte size)
     * @throws ForeignBlockFault    (GA-4) otherwise: freed already, a slice, another allocator's
     *                              block, heap or foreign memory
     * @throws ClosedFault          (GA-6) if the allocator is closed
     * @throws WrongThreadException (GA-5) if confined and called from another thread
     */
    void free(MemorySegment block);

    /**
     * {@return whether {@code block} is growable}
     *
     * @param block a live block of this allocator, exactly as returned
     * @throws ForeignBlockFault    (GA-4) if it is not one
     * @throws ClosedFault          (GA-6) if the allocator is closed
     * @throws WrongThreadException (GA-5) if confined and called from another thread
     */
    boolean isGrowable(MemorySegment block);

    /**
     * {@return the type {@code block} was allocated with}
     *
     * @param block a live block of this allocator, exactly as returned
     * @throws ForeignBlockFault    (GA-4) if it is not one
     * @throws ClosedFault          (GA-6) if the allocator is closed
     * @throws WrongThreadException (GA-5) if confined and called from another thread
     */
    Type typeOf(MemorySegment block);

    /**
     * Allocates a reference-counted item of {@code count} elements with count 1 (RC-1).
     *
     * @param type          the element type
     * @param count         the number of elements, at least 1
     * @param byteAlignment the requested alignment of the item, a power of two
     * @param mode          atomic or confined counting (RC-6)
     * @return the handle
     * @throws ArgumentFault        as {@link #allocate(Type, long, long)}
     * @throws AlignmentFault       as {@link #allocate(Type, long, long)}
     * @throws AllocationFault      as {@link #allocate(Type, long, long)}
     * @throws ClosedFault          as {@link #allocate(Type, long, long)}
     * @throws WrongThreadException as {@link #allocate(Type, long, long)}
     */
    RefCounted allocateCounted(Type type, long count, long byteAlignment, CountMode mode);

    /**
     * Makes an empty vector of {@code elementType} on a growable block of this allocator (VE-1).
     *
     * @param elementType       the element type
     * @param initialCapacity   the number of elements the first block holds, at least 1
     * @return the vector
     * @throws ArgumentFault        as {@link #allocate(Type, long, long)}
     * @throws AlignmentFault       as {@link #allocate(Type, long, long)}
     * @throws AllocationFault      as {@link #allocate(Type, long, long)}
     * @throws ClosedFault          as {@link #allocate(Type, long, long)}
     * @throws WrongThreadException as {@link #allocate(Type, long, long)}
     */
    Vector newVector(Type elementType, long initialCapacity);

    /**
     * {@return a freer for items of this allocator (DS-5)}: given a live block, or a zero-length
     * segment carrying the address of one (as read from a stored reference), it runs the block's
     * destructors and releases it, as {@link #free} does; given anything else, it throws {@link
     * ForeignBlockFault} and changes nothing.
     */
    Freer freer();

    /** {@return the number of live blocks, counted items included} */
    long liveBlockCount();

    /**
     * {@return the total byte size of the live blocks as the allocator holds them}: {@code n·S}
     * for a block, and for a counted item its whole block, count and padding included (RC-1's
     * layout), so that the figure is the same in every implementation.
     */
    long liveByteSize();

    /** {@return the owner thread if the allocator is confined, else {@code null}} */
    Thread owner();

    /** {@return whether the allocator is closed} */
    boolean isClosed();

    /**
     * Allocates a zero-filled fixed block of bytes (GA-8): {@code allocate(Type.BYTE, byteSize,
     * byteAlignment)}.
     *
     * @param byteSize      the number of bytes, at least 1
     * @param byteAlignment the alignment, a power of two
     * @return the block
     * @throws ArgumentFault        (GA-8) if {@code byteSize < 1}; as {@link #allocate(Type, long, long)}
     * @throws AlignmentFault       as {@link #allocate(Type, long, long)}
     * @throws AllocationFault      as {@link #allocate(Type, long, long)}
     * @throws ClosedFault          as {@link #allocate(Type, long, long)}
     * @throws WrongThreadException as {@link #allocate(Type, long, long)}
     */
    @Override
    MemorySegment allocate(long byteSize, long byteAlignment);

    /**
     * Closes the allocator (GA-6): destroys and releases every live block (counted items
     * included, vectors' blocks included) and reports them. Afterwards every call throws {@link
     * ClosedFault} and the segments it handed out are no longer accessible. Closing a closed
     * allocator does nothing and reports nothing.
     *
     * @return the blocks that were still live
     * @throws WrongThreadException (GA-5) if confined and called from another thread
     */
    LeakReport closeAndReport();

    /**
     * Closes the allocator as {@link #closeAndReport()} does and logs a non-empty report as a
     * warning through {@link System.Logger}.
     *
     * @throws WrongThreadException (GA-5) if confined and called from another thread
     */
    @Override
    void close();
}
