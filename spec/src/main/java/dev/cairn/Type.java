package dev.cairn;

import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Optional;

/**
 * What an allocation takes: a name, an element layout, an optional {@link Destructor} and a
 * {@link Freer} (TY-1). Allocators and pools allocate blocks of {@code count} elements of a type;
 * the block's byte size is {@code count * byteSize()} (TY-2) and its alignment at least {@link
 * #byteAlignment()} (AC-4).
 *
 * <p>Invariants, checked once when the type is made: the name is not blank; the element byte
 * size S is at least 1; S is a multiple of the alignment A (so every element of an array is
 * aligned); A is a power of two. Types are immutable and compared by identity: two types with the
 * same layout and different destructors are different types.
 *
 * <p>Only Cairn implements this interface (it is sealed); make types with {@link #of} and {@link
 * #referenceTo}. The implementation is a record, so the JIT treats its fields as constants when the
 * type is one (a {@code static final} type): an allocator's size and alignment arithmetic on it
 * then folds away.
 *
 * <pre>{@code
 * Type point = Type.of("point", MemoryLayout.structLayout(JAVA_DOUBLE.withName("x"), JAVA_DOUBLE.withName("y")));
 * Type file = Type.of("file", JAVA_INT).withDestructor(fd -> close(fd.get(JAVA_INT, 0)));
 * }</pre>
 */
public sealed interface Type permits ElementType {

    /**
     * The largest byte size of one block: 2<sup>62</sup>. With alignments at most {@link
     * AlignmentContext#CEILING_BYTE_ALIGNMENT}, offset arithmetic on blocks of this size cannot
     * overflow a {@code long}.
     */
    long BLOCK_BYTE_SIZE_MAX = 1L << 62;

    /** Bytes: what {@code SegmentAllocator.allocate(byteSize, byteAlignment)} allocates. */
    Type BYTE = ElementType.of("byte", ValueLayout.JAVA_BYTE, null, Freer.NONE, null);

    /**
     * Makes a type with no destructor and the default freer.
     *
     * @param name   a name for messages and leak reports
     * @param layout the layout of one element
     * @return the type
     * @throws NullPointerException if an argument is null
     * @throws ArgumentFault        (TY-1) if the name is blank, the layout's byte size is 0, or
     *                              its byte size is not a multiple of its byte alignment
     */
    static Type of(String name, MemoryLayout layout) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layout, "layout");
        if (name.isBlank()) {
            throw new ArgumentFault(Clause.TY_1, "name=\"" + name + "\" is blank");
        }
        long byteSize = layout.byteSize();
        long byteAlignment = layout.byteAlignment();
        if (byteSize == 0) {
            throw new ArgumentFault(Clause.TY_1, "type=" + name + " has byteSize=0; elements have at least 1 byte");
        }
        if (byteSize % byteAlignment != 0) {
            throw new ArgumentFault(Clause.TY_1, "type=" + name + " has byteSize=" + byteSize
                    + " not a multiple of byteAlignment=" + byteAlignment + "; pad the layout");
        }
        return ElementType.of(name, layout, null, Freer.NONE, null);
    }

    /**
     * Makes the type of a reference to items of {@code referent}: an address ({@link
     * ValueLayout#ADDRESS}) whose items are freed with the referent's {@link Freer} when a
     * container that owns the references is freed (DS-5).
     *
     * @param referent the type of the items referred to
     * @return the reference type, named {@code referent.name() + "*"}
     */
    static Type referenceTo(Type referent) {
        Objects.requireNonNull(referent, "referent");
        return ElementType.of(referent.name() + "*", ValueLayout.ADDRESS, null, Freer.NONE, referent);
    }

    /**
     * {@return a copy of this type with the given destructor}
     *
     * @param destructor run on every element that leaves existence (DS-1)
     */
    Type withDestructor(Destructor destructor);

    /**
     * {@return a copy of this type with the given freer}
     *
     * @param freer frees an item of this type held by reference (DS-5)
     */
    Type withFreer(Freer freer);

    /** {@return the name} */
    String name();

    /** {@return the layout of one element} */
    MemoryLayout layout();

    /** {@return S, the byte size of one element (at least 1)} */
    long byteSize();

    /** {@return A, the byte alignment of one element (a power of two)} */
    long byteAlignment();

    /** {@return the destructor, if this type has one} */
    Optional<Destructor> destructor();

    /** {@return whether this type has a destructor} */
    boolean hasDestructor();

    /** {@return the freer; {@link Freer#NONE} unless one was given} */
    Freer freer();

    /** {@return the type referred to, if this is a {@linkplain #referenceTo(Type) reference type}} */
    Optional<Type> referent();

    /**
     * The byte size of a block of {@code count} elements (TY-2).
     *
     * @param count the number of elements
     * @return {@code count * byteSize()}
     * @throws ArgumentFault (TY-2) if {@code count < 1} or the product exceeds {@link
     *                       #BLOCK_BYTE_SIZE_MAX}
     */
    default long blockByteSize(long count) {
        if (count < 1) {
            throw new ArgumentFault(Clause.TY_2, "count=" + count + " is below 1 for type=" + name());
        }
        long byteSize = byteSize();
        if (count > BLOCK_BYTE_SIZE_MAX / byteSize) {
            throw new ArgumentFault(Clause.TY_2, "count=" + count + " times byteSize=" + byteSize
                    + " of type=" + name() + " exceeds blockByteSizeMax=" + BLOCK_BYTE_SIZE_MAX);
        }
        return count * byteSize;
    }
}
