package dev.cairn;

import dev.cairn.fault.AlignmentFault;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.ClosedFault;
import dev.cairn.fault.LifoFault;
import dev.cairn.fault.PoolExhaustedFault;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * A stack pool: typed blocks pushed onto a fixed region of memory and popped in LIFO order only
 * (SP-1..SP-9). There is no general free and no resize (SP-5).
 *
 * <pre>
 *   memory  [ block 0 |pad| block 1 | block 2 |.............. free ..............]
 *           0                                 ^ top                byteCapacity ^
 * </pre>
 *
 * <p>Offsets are a pure function of the sequence of pushes and pops (SP-2): a push of {@code n}
 * elements of type {@code T} with effective alignment {@code E} places its block at {@code
 * alignUp(top, E)} and sets {@code top} to the block's end; a pop restores {@code top} to its
 * value before that push. The pool's memory is aligned to {@link AlignmentContext#CEILING_BYTE_ALIGNMENT}
 * when the pool owns it; on application-supplied memory, offsets are aligned relative to the
 * segment's address, so the block's address is aligned whenever the segment's is.
 *
 * <p>A pool belongs to the thread that made it: from any other thread every call throws {@link
 * WrongThreadException} (SP-7). Every rejected call leaves the pool exactly as it was (ER-1).
 * A push, pop, mark, frame close or close made from a destructor that the pool is running is a
 * {@link LifoFault} (SP-4): the block being destroyed is still live (DS-2).
 *
 * <p>As a {@link SegmentAllocator} (SP-9) it pushes blocks of {@link Type#BYTE}, so it can back
 * FFM downcalls and jextract-style bindings directly; those blocks are popped like any other.
 */
public interface StackPool extends SegmentAllocator, AutoCloseable {

    /**
     * Pushes a zero-filled block of {@code count} elements aligned to the type's alignment.
     * Same as {@code push(type, count, 1)}.
     *
     * @param type  the element type
     * @param count the number of elements, at least 1
     * @return the block: {@code count * type.byteSize()} bytes of the pool's memory, all zero
     * @throws ArgumentFault       (TY-2) if {@code count < 1} or the byte size overflows
     * @throws AlignmentFault      (AC-4) if the type's alignment exceeds {@link AlignmentContext#current()}
     * @throws PoolExhaustedFault  (SP-3) if the block does not fit
     * @throws ClosedFault         (SP-8) if the pool is closed
     * @throws WrongThreadException (SP-7) if called from a thread other than the owner
     */
    MemorySegment push(Type type, long count);

    /**
     * Pushes a zero-filled block of {@code count} elements at offset {@code alignUp(top, E)},
     * where {@code E = max(type.byteAlignment(), byteAlignment)} (SP-2, AC-4).
     *
     * @param type          the element type
     * @param count         the number of elements, at least 1
     * @param byteAlignment the requested alignment, a power of two; 1 asks for nothing more
     * @return the block, all zero
     * @throws ArgumentFault       (TY-2) if {@code count < 1} or the byte size overflows;
     *                             (AC-4) if {@code byteAlignment} is not a power of two
     * @throws AlignmentFault      (AC-4) if {@code E} exceeds {@link AlignmentContext#current()}
     * @throws PoolExhaustedFault  (SP-3) if the block does not fit, or the pool's documented
     *                             limit on live blocks is reached
     * @throws ClosedFault         (SP-8) if the pool is closed
     * @throws WrongThreadException (SP-7) if called from a thread other than the owner
     */
    MemorySegment push(Type type, long count, long byteAlignment);

    /**
     * Like {@link #push(Type, long, long)} but does not zero the block: it holds whatever the
     * pool's memory held. Faster for blocks the caller fills at once.
     *
     * @param type          the element type
     * @param count         the number of elements, at least 1
     * @param byteAlignment the requested alignment, a power of two
     * @return the block, contents unspecified
     * @throws ArgumentFault       as {@link #push(Type, long, long)}
     * @throws AlignmentFault      as {@link #push(Type, long, long)}
     * @throws PoolExhaustedFault  as {@link #push(Type, long, long)}
     * @throws ClosedFault         as {@link #push(Type, long, long)}
     * @throws WrongThreadException as {@link #push(Type, long, long)}
     */
    MemorySegment pushUninitialized(Type type, long count, long byteAlignment);

    /**
     * Pops the most recently pushed live block (SP-4): runs the type's destructor on each
     * element in descending index order (DS-1), then restores {@code top} to its value before
     * that push. If a destructor throws, the pop still completes and the first exception
     * propagates (DS-4).
     *
     * @param block the block, exactly as {@code push} returned it (same address and byte size)
     * @throws LifoFault           (SP-4) if {@code block} is not the most recently pushed live
     *                             block; (SP-6) if it was pushed before the innermost open
     *                             frame's mark
     * @throws ClosedFault         (SP-8) if the pool is closed
     * @throws WrongThreadException (SP-7) if called from a thread other than the owner
     */
    void pop(MemorySegment block);

    /**
     * Marks the current top as a new innermost frame (SP-6). Closing the frame pops, in LIFO
     * order, every block pushed since and still live.
     *
     * <pre>{@code
     * try (StackPool.Frame frame = pool.mark()) {
     *     MemorySegment a = pool.push(INT, 4);
     *     MemorySegment b = pool.push(POINT, 1);
     * } // b, then a, popped here
     * }</pre>
     *
     * @return the frame
     * @throws PoolExhaustedFault  (SP-3) if the pool's documented limit on open frames is reached
     * @throws ClosedFault         (SP-8) if the pool is closed
     * @throws WrongThreadException (SP-7) if called from a thread other than the owner
     */
    Frame mark();

    /** {@return the offset of the first free byte: the end of the top block, or 0 when empty} */
    long top();

    /** {@return the byte size of the pool's memory} */
    long byteCapacity();

    /** {@return the number of live (pushed and not yet popped) blocks} */
    int liveBlockCount();

    /** {@return the number of open frames} */
    int openFrameCount();

    /** {@return whether the pool allocated its memory itself and frees it at close (SP-1)} */
    boolean ownsMemory();

    /** {@return the thread the pool belongs to (SP-7)} */
    Thread owner();

    /** {@return whether the pool is closed} */
    boolean isClosed();

    /**
     * Pushes a zero-filled block of bytes (SP-9, GA-8's twin): {@code push(Type.BYTE, byteSize,
     * byteAlignment)}.
     *
     * @param byteSize      the number of bytes, at least 1
     * @param byteAlignment the alignment, a power of two
     * @return the block
     * @throws ArgumentFault       (SP-9) if {@code byteSize < 1}; as {@link #push(Type, long, long)}
     * @throws AlignmentFault      as {@link #push(Type, long, long)}
     * @throws PoolExhaustedFault  as {@link #push(Type, long, long)}
     * @throws ClosedFault         as {@link #push(Type, long, long)}
     * @throws WrongThreadException as {@link #push(Type, long, long)}
     */
    @Override
    MemorySegment allocate(long byteSize, long byteAlignment);

    /**
     * Closes the pool (SP-8): pops every live block, LIFO, running destructors, reports them as
     * leaks, frees the memory if the pool owns it, and from then on rejects every call with
     * {@link ClosedFault}. Closing a closed pool does nothing and reports nothing.
     *
     * @return the blocks that were still live
     * @throws WrongThreadException (SP-7) if called from a thread other than the owner
     */
    LeakReport closeAndReport();

    /**
     * Closes the pool as {@link #closeAndReport()} does and logs a non-empty report as a warning
     * through {@link System.Logger}.
     *
     * @throws WrongThreadException (SP-7) if called from a thread other than the owner
     */
    @Override
    void close();

    /**
     * A frame of a stack pool (SP-6): closing it pops every block pushed since its mark.
     */
    interface Frame extends AutoCloseable {

        /** {@return the pool's {@code top} when this frame was marked} */
        long markedTop();

        /** {@return whether the frame is still open} */
        boolean isOpen();

        /**
         * Pops, LIFO, every live block pushed since the mark (destructors run, DS-1, DS-4), then
         * closes the frame.
         *
         * @throws LifoFault           (SP-6) if this frame is not the innermost open frame
         *                             (including when it is already closed)
         * @throws ClosedFault         (SP-8) if the pool is closed
         * @throws WrongThreadException (SP-7) if called from a thread other than the owner
         */
        @Override
        void close();
    }
}
