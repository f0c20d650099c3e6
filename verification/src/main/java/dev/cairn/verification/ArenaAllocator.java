package dev.cairn.verification;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * The JDK's arena per object: each block is {@code Arena.ofShared().allocate(byteSize,
 * byteAlignment)} and freeing it closes its arena. Arenas cannot resize, so resizing throws.
 * Safe for every action: a second free or a foreign block meets no arena here, and the JDK
 * checks every access. The {@link OutOfMemoryError} the JDK throws when native memory cannot be had
 * is rethrown as an {@link IllegalStateException}, so that the harness can go on.
 */
final class ArenaAllocator extends AdaptedAllocator {

    private final Map<Long, Arena> arenas = new HashMap<>();

    @Override
    MemorySegment obtain(long byteSize, long byteAlignment, boolean zeroed) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment block = arena.allocate(byteSize, byteAlignment);
            arenas.put(block.address(), arena);
            return block;
        } catch (OutOfMemoryError noMemory) {
            arena.close();
            throw new IllegalStateException("Arena.allocate threw OutOfMemoryError for byteSize=" + byteSize, noMemory);
        } catch (RuntimeException | Error failed) {
            arena.close();
            throw failed;
        }
    }

    @Override
    void release(MemorySegment block) {
        arenas.remove(block.address()).close();
    }

    @Override
    MemorySegment reallocate(MemorySegment block, long byteSize) {
        throw new UnsupportedOperationException("an Arena cannot resize a segment");
    }
}
