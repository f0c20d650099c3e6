package dev.cairn;

import java.lang.foreign.MemorySegment;

/**
 * The destruction rules every implementation shares (DS-1, DS-4): elements of a block are
 * destroyed in descending index order; a destructor that throws does not stop the others, and
 * the operation completes before the first failure propagates, later ones suppressed.
 *
 * <pre>{@code
 * Throwable failure = Destruction.destroyElements(type, block, 0, count, null);
 * release(block);                         // the operation completes first (DS-4)
 * Destruction.rethrow(failure);           // then the first failure propagates
 * }</pre>
 */
public final class Destruction {

    private Destruction() {
    }

    /**
     * Runs {@code type}'s destructor, if it has one, on elements {@code [fromIndex, toIndex)} of
     * {@code block}, from the highest index down (DS-1). Failures do not stop the loop (DS-4).
     *
     * @param type      the block's type
     * @param block     the block; element {@code i} is the slice at {@code i * type.byteSize()}
     * @param fromIndex the lowest index destroyed
     * @param toIndex   one past the highest index destroyed
     * @param pending   the failure already pending in the caller's operation, or {@code null}
     * @return the first failure (with later ones suppressed), or {@code null} if none
     */
    public static Throwable destroyElements(Type type, MemorySegment block, long fromIndex, long toIndex,
                                            Throwable pending) {
        if (!type.hasDestructor()) {
            return pending;
        }
        Destructor destructor = type.destructor().orElseThrow();
        long byteSize = type.byteSize();
        for (long index = toIndex - 1; index >= fromIndex; index--) {
            try {
                destructor.destroy(block.asSlice(index * byteSize, byteSize));
            } catch (RuntimeException | Error failure) {
                pending = combine(pending, failure);
            }
        }
        return pending;
    }

    /**
     * {@return {@code pending} with {@code next} suppressed into it, or {@code next} if nothing
     * was pending, or {@code pending} if {@code next} is {@code null}}
     *
     * @param pending the first failure, or {@code null}
     * @param next    a later failure, or {@code null} when the later step did not fail
     */
    public static Throwable combine(Throwable pending, Throwable next) {
        if (next == null) {
            return pending;
        }
        if (pending == null) {
            return next;
        }
        if (pending != next) {
            pending.addSuppressed(next);
        }
        return pending;
    }

    /**
     * Throws {@code failure} if it is not {@code null}. Destructors and freers throw only
     * unchecked exceptions, so this never wraps.
     *
     * @param failure the failure from {@link #destroyElements}, or {@code null}
     */
    public static void rethrow(Throwable failure) {
        switch (failure) {
            case null -> { }
            case RuntimeException unchecked -> throw unchecked;
            case Error error -> throw error;
            default -> throw new IllegalStateException("a destructor threw a checked exception", failure);
        }
    }
}
