package dev.cairn;

import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;

import java.util.Objects;

/**
 * The largest alignment allocations may ask for, as a stack of scoped bindings (AC-1..AC-4). The
 * design note's answer to SIMD types: code that needs 32- or 64-byte vectors binds a larger
 * maximum around the work that needs it, and everything else keeps C's {@code max_align_t}.
 *
 * <pre>{@code
 * AlignmentContext.run(64, () -> {
 *     MemorySegment lanes = pool.push(Type.BYTE, 256, 64);   // allowed: 64 <= current()
 * });
 * pool.push(Type.BYTE, 256, 64);                              // AlignmentFault: 64 > 16
 * }</pre>
 *
 * <p>A binding holds for the dynamic extent of the action it is bound around, including tasks
 * forked inside it by structured concurrency (it is a {@link ScopedValue}), and is undone when the
 * action ends, normally or by an exception (AC-2). Other threads never see it.
 */
public final class AlignmentContext {

    /**
     * The largest maximum that may be bound: 4096 bytes, one page on the platforms Cairn runs on.
     * It covers every SIMD width (AVX-512 needs 64) and page-aligned I/O buffers (AC-3).
     */
    public static final long CEILING_BYTE_ALIGNMENT = 4096;

    private static final ScopedValue<Long> MAX_BYTE_ALIGNMENT = ScopedValue.newInstance();

    private static final Long DEFAULT_MAX_BYTE_ALIGNMENT = MaxAlign.BYTE_ALIGNMENT;

    /**
     * Set, never reset, before any thread binds a maximum below {@link MaxAlign#BYTE_ALIGNMENT}.
     * While it is false no binding can refuse an effective alignment up to MaxAlign's, so {@link
     * #effectiveAlignment} skips the scoped-value lookup on that, the common, path. A plain field
     * is enough: a thread only needs to see its own write, since only its own bindings matter to
     * it; another thread's write merely sends it down the full check.
     */
    private static boolean boundBelowDefault;

    private AlignmentContext() {
    }

    /**
     * {@return the innermost bound maximum alignment, or {@link MaxAlign#BYTE_ALIGNMENT} when
     * none is bound (AC-1)}
     */
    public static long current() {
        return MAX_BYTE_ALIGNMENT.orElse(DEFAULT_MAX_BYTE_ALIGNMENT);
    }

    /**
     * Runs {@code action} with {@code maxByteAlignment} bound as the current maximum (AC-2).
     *
     * @param maxByteAlignment the maximum, a power of two in [1, {@link #CEILING_BYTE_ALIGNMENT}]
     * @param action           what to run
     * @throws ArgumentFault (AC-3) if {@code maxByteAlignment} is not a power of two in range;
     *                       then {@code action} does not run
     */
    public static void run(long maxByteAlignment, Runnable action) {
        Objects.requireNonNull(action, "action");
        ScopedValue.where(MAX_BYTE_ALIGNMENT, checkMaximum(maxByteAlignment)).run(action);
    }

    /**
     * Calls {@code action} with {@code maxByteAlignment} bound as the current maximum (AC-2).
     *
     * @param <R>              the result type
     * @param <X>              what the action may throw
     * @param maxByteAlignment the maximum, a power of two in [1, {@link #CEILING_BYTE_ALIGNMENT}]
     * @param action           what to call
     * @return what {@code action} returned
     * @throws X             what {@code action} threw
     * @throws ArgumentFault (AC-3) if {@code maxByteAlignment} is not a power of two in range;
     *                       then {@code action} does not run
     */
    public static <R, X extends Throwable> R call(long maxByteAlignment, ScopedValue.CallableOp<? extends R, X> action)
            throws X {
        Objects.requireNonNull(action, "action");
        return ScopedValue.where(MAX_BYTE_ALIGNMENT, checkMaximum(maxByteAlignment)).call(action);
    }

    /**
     * The effective alignment of an allocation of {@code type} with a requested alignment (AC-4):
     * the larger of the two, checked against {@link #current()}. Every implementation calls this
     * before it changes any state.
     *
     * @param type                  the type allocated
     * @param requestedByteAlignment the alignment asked for; 1 asks for nothing beyond the type's
     * @return {@code max(type.byteAlignment(), requestedByteAlignment)}
     * @throws ArgumentFault  (AC-4) if {@code requestedByteAlignment} is not a power of two
     * @throws AlignmentFault (AC-4) if the result exceeds {@link #current()}
     */
    public static long effectiveAlignment(Type type, long requestedByteAlignment) {
        if (!isPowerOfTwo(requestedByteAlignment)) {
            throw new ArgumentFault(Clause.AC_4, "byteAlignment=" + requestedByteAlignment + " is not a power of 2");
        }
        long effective = Math.max(type.byteAlignment(), requestedByteAlignment);
        if (effective <= MaxAlign.BYTE_ALIGNMENT && !boundBelowDefault) {
            return effective;
        }
        long maximum = current();
        if (effective > maximum) {
            throw new AlignmentFault(Clause.AC_4, "effectiveAlignment=" + effective + " (type=" + type.name()
                    + " byteAlignment=" + type.byteAlignment() + ", requested=" + requestedByteAlignment
                    + ") exceeds AlignmentContext.current()=" + maximum);
        }
        return effective;
    }

    /**
     * {@return whether {@code value} is a power of two (1, 2, 4, ...)}
     *
     * @param value any long
     */
    public static boolean isPowerOfTwo(long value) {
        return value > 0 && (value & (value - 1)) == 0;
    }

    private static Long checkMaximum(long maxByteAlignment) {
        if (!isPowerOfTwo(maxByteAlignment) || maxByteAlignment > CEILING_BYTE_ALIGNMENT) {
            throw new ArgumentFault(Clause.AC_3, "maxByteAlignment=" + maxByteAlignment
                    + " is not a power of 2 in [1, " + CEILING_BYTE_ALIGNMENT + "]");
        }
        if (maxByteAlignment < MaxAlign.BYTE_ALIGNMENT) {
            boundBelowDefault = true;
        }
        return maxByteAlignment;
    }
}
