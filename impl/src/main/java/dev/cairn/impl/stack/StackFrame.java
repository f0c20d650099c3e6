package dev.cairn.impl.stack;

import dev.cairn.StackPool;

/**
 * A frame of an {@link FfmStackPool} (SP-6). It holds its depth and a serial number unique
 * within its pool, so a stale handle (a frame closed, then a new frame marked at the same depth)
 * is told apart from the frame now open there; and the index of its first block and the floor of
 * the frame around it, which its close restores, so the pool keeps one record per frame. The pool keeps no reference to it: in a
 * try-with-resources block the JIT can keep it off the heap.
 */
final class StackFrame implements StackPool.Frame {

    private final FfmStackPool pool;
    private final int depth;
    private final long serial;
    private final long markedTop;
    private final int firstBlockIndex;
    private final int outerFloor;

    StackFrame(FfmStackPool pool, int depth, long serial, long markedTop, int firstBlockIndex, int outerFloor) {
        this.pool = pool;
        this.depth = depth;
        this.serial = serial;
        this.markedTop = markedTop;
        this.firstBlockIndex = firstBlockIndex;
        this.outerFloor = outerFloor;
    }

    @Override
    public long markedTop() {
        return markedTop;
    }

    @Override
    public boolean isOpen() {
        return pool.isFrameOpen(depth, serial);
    }

    @Override
    public void close() {
        pool.closeFrame(depth, serial, firstBlockIndex, outerFloor);
    }

    @Override
    public String toString() {
        return "Frame[depth=" + depth + ", markedTop=" + markedTop + ", open=" + isOpen() + "]";
    }
}
