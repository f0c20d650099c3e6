package dev.cairn.impl.general;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link NativeMemory} that holds at most {@code byteSizeMax} bytes of another one's regions at
 * a time: a request that would go over gets {@code null}, which the allocator turns into an
 * allocation fault with no change (GA-7). Given-back regions make room again.
 *
 * <p>Invariant: {@code 0 <= heldByteSize() <= byteSizeMax}, and {@code heldByteSize()} is the sum of
 * the byte sizes of the regions handed out and not yet given back.
 */
public final class CappedMemory implements NativeMemory {

    private final NativeMemory source;
    private final long byteSizeMax;
    private final AtomicLong heldByteSize = new AtomicLong();

    /**
     * Makes a cap over a source.
     *
     * @param source      where the regions come from
     * @param byteSizeMax the most bytes held at a time, at least 1
     * @throws IllegalArgumentException if {@code byteSizeMax < 1}
     */
    public CappedMemory(NativeMemory source, long byteSizeMax) {
        if (byteSizeMax < 1) {
            throw new IllegalArgumentException("byteSizeMax=" + byteSizeMax + " must be at least 1");
        }
        this.source = source;
        this.byteSizeMax = byteSizeMax;
    }

    /** {@return the bytes of regions handed out and not given back} */
    public long heldByteSize() {
        return heldByteSize.get();
    }

    /** {@return the most bytes held at a time} */
    public long byteSizeMax() {
        return byteSizeMax;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment, Arena arena) {
        if (!reserve(byteSize)) {
            return null;
        }
        MemorySegment region = source.allocate(byteSize, byteAlignment, arena);
        if (region == null) {
            heldByteSize.addAndGet(-byteSize);
        }
        return region;
    }

    @Override
    public void release(long address, long byteSize) {
        source.release(address, byteSize);
        heldByteSize.addAndGet(-byteSize);
    }

    private boolean reserve(long byteSize) {
        long held;
        do {
            held = heldByteSize.get();
            if (byteSize > byteSizeMax - held) {
                return false;
            }
        } while (!heldByteSize.compareAndSet(held, held + byteSize));
        return true;
    }
}
