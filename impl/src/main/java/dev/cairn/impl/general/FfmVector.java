package dev.cairn.impl.general;

import dev.cairn.Destruction;
import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.Vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Optional;

/**
 * A vector on a growable block of a general allocator (VE-1). The block is allocated with a
 * <em>storage type</em>: the element layout without a destructor, so that the allocator never
 * destroys the unused capacity; the vector destroys its {@link #size()} elements itself. It doubles
 * its capacity with {@link GeneralAllocator#resize} when full.
 *
 * <p>Invariants (checked by {@link #checkInvariants()}): {@code 0 <= size <= capacity}; the block is
 * a live growable block of {@code capacity * elementType.byteSize()} bytes while the vector is not
 * freed. Elements past {@code size} hold no live element.
 */
final class FfmVector implements Vector {

    private final FfmGeneralAllocator allocator;
    private final Type elementType;
    private final long elementByteSize;
    private MemorySegment block;
    private long capacity;
    private long size;
    private boolean freed;

    FfmVector(FfmGeneralAllocator allocator, Type elementType, long initialCapacity) {
        this.allocator = allocator;
        this.elementType = elementType;
        this.elementByteSize = elementType.byteSize();
        this.block = allocator.allocateGrowable(Type.of(elementType.name(), elementType.layout()), initialCapacity);
        this.capacity = initialCapacity;
    }

    @Override
    public Type elementType() {
        return elementType;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public MemorySegment append() {
        checkLive();
        ensureRoomForOneMore();
        MemorySegment element = element(size++).fill((byte) 0);
        assert checkInvariants();
        return element;
    }

    @Override
    public MemorySegment append(MemorySegment value) {
        checkLive();
        checkValue(value);
        ensureRoomForOneMore();
        MemorySegment element = element(size++).copyFrom(value);
        assert checkInvariants();
        return element;
    }

    @Override
    public MemorySegment get(long index) {
        checkLive();
        checkIndex(index);
        return element(index);
    }

    @Override
    public void set(long index, MemorySegment value) {
        checkLive();
        checkIndex(index);
        checkValue(value);
        MemorySegment element = element(index);
        Throwable failure = Destruction.destroyElements(elementType, element, 0, 1, null);
        element.copyFrom(value);
        Destruction.rethrow(failure);
    }

    @Override
    public void removeLast() {
        checkLive();
        if (size == 0) {
            throw GeneralFaults.emptyVector();
        }
        size--;
        assert checkInvariants();
        Destruction.rethrow(Destruction.destroyElements(elementType, element(size), 0, 1, null));
    }

    @Override
    public void free() {
        if (freed) {
            return;
        }
        Throwable failure = destroyElements();
        allocator.unregister(this);
        try {
            allocator.free(block);
        } catch (RuntimeException | Error releaseFailure) {
            failure = Destruction.combine(failure, releaseFailure);
        }
        Destruction.rethrow(failure);
    }

    @Override
    public void close() {
        free();
    }

    /**
     * Destroys (or frees, for references) the elements when the allocator closes; the allocator
     * then releases the block as a leak.
     *
     * @return the first failure, or null
     */
    Throwable destroyElementsAtClose() {
        return freed ? null : destroyElements();
    }

    /** Destroys the elements from the last down (DS-1) or frees their referents (DS-5), then marks the vector freed. */
    private Throwable destroyElements() {
        freed = true;
        Optional<Type> referent = elementType.referent();
        if (referent.isEmpty()) {
            return Destruction.destroyElements(elementType, block, 0, size, null);
        }
        Throwable failure = null;
        for (long index = size - 1; index >= 0; index--) {
            MemorySegment item = block.get(ValueLayout.ADDRESS, index * elementByteSize);
            if (item.address() != 0) {
                try {
                    referent.get().freer().free(item);
                } catch (RuntimeException | Error freerFailure) {
                    failure = Destruction.combine(failure, freerFailure);
                }
            }
        }
        return failure;
    }

    private void ensureRoomForOneMore() {
        if (size == capacity) {
            long grown = capacity > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : capacity * 2;
            block = allocator.resize(block, grown);
            capacity = grown;
        }
    }

    private MemorySegment element(long index) {
        return block.asSlice(index * elementByteSize, elementByteSize);
    }

    private void checkLive() {
        if (freed) {
            throw GeneralFaults.vectorFreed(elementType);
        }
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= size) {
            throw GeneralFaults.indexOutOfRange(index, size);
        }
    }

    /**
     * Checks a value before anything changes: its size (VE-1), and that it can be read here (one
     * byte read: a closed or other thread's segment throws now, not after an element was destroyed).
     */
    private void checkValue(MemorySegment value) {
        Objects.requireNonNull(value, "value");
        if (value.byteSize() != elementByteSize) {
            throw GeneralFaults.valueByteSize(value, elementType);
        }
        value.get(ValueLayout.JAVA_BYTE, 0);
    }

    /**
     * Checks the invariants of the class comment.
     *
     * @return {@code true}, for use in {@code assert}
     * @throws IllegalStateException if one does not hold
     */
    boolean checkInvariants() {
        if (size < 0 || size > capacity) {
            throw new IllegalStateException("size=" + size + " capacity=" + capacity);
        }
        if (!freed && block.byteSize() != capacity * elementByteSize) {
            throw new IllegalStateException("block byteSize=" + block.byteSize() + " capacity=" + capacity);
        }
        return true;
    }
}
