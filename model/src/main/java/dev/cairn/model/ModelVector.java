package dev.cairn.model;

import dev.cairn.Destruction;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.fault.Clause;
import dev.cairn.model.ModelGeneralAllocator.Entry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference vector (VE-1), made by {@link ModelGeneralAllocator#newVector}: a size over a
 * growable block of its allocator, which doubles the capacity when an append finds it full.
 *
 * <p>An element that leaves ({@link #removeLast}) or is replaced ({@link #set}) is destroyed with
 * the element type's destructor (DS-1). When the vector is freed, or its allocator closed, it
 * destroys its elements from the highest index down or, when they are {@linkplain Type#referenceTo
 * references}, calls the referent type's {@link dev.cairn.Freer} on each non-null one (DS-5): the
 * vector owns what its references point to while it holds them; a reference removed or replaced
 * goes back to the caller.
 *
 * <p>Every operation holds the allocator's lock and checks the allocator's thread (GA-5), then that
 * the vector is not freed (VE-1), then its arguments, before it changes anything.
 */
public final class ModelVector implements Vector {

    private final ModelGeneralAllocator allocator;
    private final Type elementType;
    private long size;
    private boolean freed;

    ModelVector(ModelGeneralAllocator allocator, Type elementType) {
        this.allocator = allocator;
        this.elementType = elementType;
    }

    @Override
    public Type elementType() {
        return elementType;
    }

    @Override
    public long size() {
        synchronized (allocator) {
            return size;
        }
    }

    @Override
    public long capacity() {
        synchronized (allocator) {
            return freed ? 0 : allocator.entryOf(this).count();
        }
    }

    @Override
    public MemorySegment append() {
        synchronized (allocator) {
            checkUsable("Vector.append");
            return appendZero();
        }
    }

    @Override
    public MemorySegment append(MemorySegment value) {
        synchronized (allocator) {
            checkUsable("Vector.append");
            checkValue(value);
            return appendZero().copyFrom(value);
        }
    }

    /** Grows the block if full (no change if that fails), then adds a zero element. */
    private MemorySegment appendZero() {
        long capacity = capacity();
        if (size == capacity) {
            allocator.move(allocator.entryOf(this), capacity * 2);
        }
        size++;
        allocator.countElements(1, 0);
        MemorySegment element = element(block(), size - 1).fill((byte) 0);
        assert allocator.checkInvariants();
        return element;
    }

    @Override
    public MemorySegment get(long index) {
        synchronized (allocator) {
            checkUsable("Vector.get");
            checkIndex(index);
            return element(block(), index);
        }
    }

    @Override
    public void set(long index, MemorySegment value) {
        synchronized (allocator) {
            checkUsable("Vector.set");
            checkIndex(index);
            checkValue(value);
            allocator.countElements(1, 0);
            MemorySegment block = block();
            Throwable failure = destroy(block, index, null);
            element(block, index).copyFrom(value);
            assert allocator.checkInvariants();
            Destruction.rethrow(failure);
        }
    }

    @Override
    public void removeLast() {
        synchronized (allocator) {
            checkUsable("Vector.removeLast");
            if (size == 0) {
                throw ModelFaults.badIndex(-1, 0);
            }
            size--;
            Throwable failure = destroy(block(), size, null);
            assert allocator.checkInvariants();
            Destruction.rethrow(failure);
        }
    }

    @Override
    public void free() {
        synchronized (allocator) {
            allocator.checkThread("Vector.free");
            if (freed) {
                return;
            }
            Entry entry = allocator.entryOf(this);
            Throwable failure = freeElements(entry.segment(), null);
            Destruction.rethrow(allocator.release(entry, failure));
        }
    }

    @Override
    public void close() {
        free();
    }

    /**
     * Destroys the elements from the highest index down, or frees their referents (DS-5); from
     * then on the vector is freed. Its block stays live until the caller releases it.
     *
     * @param block   the vector's block
     * @param pending the failure already pending in the caller's operation, or {@code null}
     * @return the first failure (DS-4), or {@code null}
     */
    Throwable freeElements(MemorySegment block, Throwable pending) {
        freed = true;
        Throwable failure = pending;
        Optional<Type> referent = elementType.referent();
        while (size > 0) {
            size--;
            failure = referent.isEmpty() ? destroy(block, size, failure) : freeReferent(block, referent.get(), failure);
        }
        return failure;
    }

    /** Destroys one element that has already left the vector's count (DS-1, DS-4). */
    private Throwable destroy(MemorySegment block, long index, Throwable pending) {
        allocator.countElements(0, 1);
        return Destruction.destroyElements(elementType, block, index, index + 1, pending);
    }

    /** Frees the non-null referent of the element just past the count with its type's freer (DS-5). */
    private Throwable freeReferent(MemorySegment block, Type referent, Throwable pending) {
        allocator.countElements(0, 1);
        MemorySegment item = element(block, size).get(ValueLayout.ADDRESS, 0);
        if (item.address() == 0) {
            return pending;
        }
        try {
            referent.freer().free(item);
            return pending;
        } catch (RuntimeException | Error failure) {
            return Destruction.combine(pending, failure);
        }
    }

    private MemorySegment block() {
        return allocator.entryOf(this).segment();
    }

    private MemorySegment element(MemorySegment block, long index) {
        return block.asSlice(index * elementType.byteSize(), elementType.byteSize());
    }

    private void checkUsable(String what) {
        allocator.checkThread(what);
        ModelFaults.checkOpen(freed, Clause.VE_1, what);
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= size) {
            throw ModelFaults.badIndex(index, size);
        }
    }

    private void checkValue(MemorySegment value) {
        Objects.requireNonNull(value, "value");
        if (value.byteSize() != elementType.byteSize()) {
            throw ModelFaults.badValue(value, elementType.byteSize());
        }
    }
}
