package dev.cairn;

import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.IndexFault;

import java.lang.foreign.MemorySegment;

/**
 * A typed growable array stored on a general allocator's growable block (VE-1): append, get,
 * set, remove last. It grows geometrically with {@link GeneralAllocator#resize}, destroys
 * removed elements, and when freed destroys its elements in descending index order or, when its
 * elements are {@linkplain Type#referenceTo(Type) references}, frees each non-null referent with
 * the referent type's {@link Freer} (DS-5).
 *
 * <p>Segments returned by {@link #get} and {@link #append()} are views of the current block: a
 * later growth may move the block, and then they are no longer valid. Thread safety is that of
 * the allocator the vector lives on, and no more: one vector is not for concurrent mutation.
 */
public interface Vector extends AutoCloseable {

    /** {@return the element type} */
    Type elementType();

    /** {@return the number of elements} */
    long size();

    /** {@return the number of elements the current block holds} */
    long capacity();

    /**
     * Appends a zero-filled element, growing the block if full.
     *
     * @return the new element's memory
     * @throws ClosedFault (VE-1) if the vector is freed; allocator faults if growth fails, with
     *                     no change
     */
    MemorySegment append();

    /**
     * Appends a copy of {@code value}.
     *
     * @param value exactly {@code elementType().byteSize()} bytes
     * @return the new element's memory
     * @throws dev.cairn.fault.ArgumentFault (VE-1) if {@code value} has another byte size
     * @throws ClosedFault                   (VE-1) if the vector is freed
     */
    MemorySegment append(MemorySegment value);

    /**
     * {@return the element at {@code index}}
     *
     * @param index in {@code [0, size())}
     * @throws IndexFault  (VE-1) if {@code index} is out of range
     * @throws ClosedFault (VE-1) if the vector is freed
     */
    MemorySegment get(long index);

    /**
     * Replaces the element at {@code index} with a copy of {@code value}, destroying the element
     * it replaces first (DS-1).
     *
     * @param index in {@code [0, size())}
     * @param value exactly {@code elementType().byteSize()} bytes
     * @throws IndexFault                    (VE-1) if {@code index} is out of range
     * @throws dev.cairn.fault.ArgumentFault (VE-1) if {@code value} has another byte size
     * @throws ClosedFault                   (VE-1) if the vector is freed
     */
    void set(long index, MemorySegment value);

    /**
     * Removes the last element, destroying it with the element type's destructor (DS-1). The
     * block does not shrink. A removed reference's referent is not freed: it goes back to the
     * caller.
     *
     * @throws IndexFault  (VE-1) if the vector is empty
     * @throws ClosedFault (VE-1) if the vector is freed
     */
    void removeLast();

    /**
     * Frees the vector: destroys (or frees, for references) every element in descending index
     * order, then frees the block. Freeing a freed vector does nothing.
     */
    void free();

    /** Same as {@link #free()}. */
    @Override
    void close();
}
