package dev.cairn;

import java.lang.foreign.MemoryLayout;
import java.util.Objects;
import java.util.Optional;

/**
 * The one implementation of {@link Type}. A record, so that its fields are trusted as constants
 * by the JIT when the type is a constant; its components repeat the layout's byte size and
 * alignment so that reading them costs no interface call on the layout. Compared by identity, as
 * {@link Type} says.
 *
 * @param name            the name
 * @param layout          the layout of one element
 * @param destructorOrNull the destructor, or {@code null}
 * @param freer           the freer
 * @param referentOrNull  the referent of a reference type, or {@code null}
 * @param byteSize        {@code layout.byteSize()}
 * @param byteAlignment   {@code layout.byteAlignment()}
 */
record ElementType(String name, MemoryLayout layout, Destructor destructorOrNull, Freer freer,
                   Type referentOrNull, long byteSize, long byteAlignment) implements Type {

    /** Makes a type; the arguments were checked by {@link Type#of}. */
    static ElementType of(String name, MemoryLayout layout, Destructor destructor, Freer freer, Type referent) {
        return new ElementType(name, layout, destructor, freer, referent, layout.byteSize(), layout.byteAlignment());
    }

    @Override
    public Type withDestructor(Destructor destructor) {
        return of(name, layout, Objects.requireNonNull(destructor, "destructor"), freer, referentOrNull);
    }

    @Override
    public Type withFreer(Freer freer) {
        return of(name, layout, destructorOrNull, Objects.requireNonNull(freer, "freer"), referentOrNull);
    }

    @Override
    public Optional<Destructor> destructor() {
        return Optional.ofNullable(destructorOrNull);
    }

    @Override
    public boolean hasDestructor() {
        return destructorOrNull != null;
    }

    @Override
    public Optional<Type> referent() {
        return Optional.ofNullable(referentOrNull);
    }

    /** {@return whether {@code other} is this very type: types are compared by identity} */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "Type[name=" + name + ", byteSize=" + byteSize + ", byteAlignment=" + byteAlignment
                + (destructorOrNull != null ? ", destructor" : "") + (freer != Freer.NONE ? ", freer" : "") + "]";
    }
}
