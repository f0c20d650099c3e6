package dev.cairn.impl.general;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Regions from the C library: {@code aligned_alloc} and {@code free} downcalls. Two restricted FFM
 * methods are used here and nowhere else in the general allocator: the downcall handles, and
 * {@link MemorySegment#reinterpret(long, Arena, java.util.function.Consumer)} to give the address
 * {@code aligned_alloc} returned its byte size and the allocator's arena (so that closing the arena
 * makes every block inaccessible, GA-6). The memory is not zeroed here: {@code aligned_alloc} does
 * not touch it, so pages nobody allocates from stay out of the resident set, and a chunk from the
 * cache (below) holds whatever its previous allocator left; the allocator zeroes every block it
 * promises zeroed.
 *
 * <p>Why not {@code Arena.allocate}: it zero-fills the whole request, and for an alignment above
 * 16 it over-allocates by the alignment and fills that too, so a 1 MiB chunk aligned to 1 MiB
 * would make 2 MiB resident.
 *
 * <p>A region of exactly one chunk ({@link RegionTable#FRAME_BYTE_SIZE} bytes at a multiple of
 * it) that is given back goes to a {@link ChunkCache} of at most {@link ChunkCache#CHUNK_COUNT_MAX}
 * chunks, and a request for one is served from there first; the rest goes to {@code free}. The
 * cache is behind this source, so a source that wraps it ({@link CappedMemory}) counts a chunk
 * from the cache exactly as a fresh one, and its release un-counts it. The one instance's cache
 * serves the whole process.
 */
public final class SystemMemory implements NativeMemory {

    /** The one instance: its chunk cache serves every allocator of the process. */
    public static final SystemMemory INSTANCE =
            new SystemMemory(new ChunkCache(ChunkCache.CHUNK_COUNT_MAX, SystemMemory::free));

    private static final MethodHandle ALIGNED_ALLOC;
    private static final MethodHandle FREE;

    static {
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(false);
        ALIGNED_ALLOC = linker.downcallHandle(linker.defaultLookup().findOrThrow("aligned_alloc"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), critical);
        FREE = linker.downcallHandle(linker.defaultLookup().findOrThrow("free"),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG), critical);
    }

    /** Released chunks kept for the next request of one. */
    final ChunkCache chunkCache;

    /** Makes a source with its own chunk cache: {@link #INSTANCE}, or a test's. @param chunkCache the cache */
    SystemMemory(ChunkCache chunkCache) {
        this.chunkCache = chunkCache;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment, Arena arena) {
        boolean chunk = byteSize == RegionTable.FRAME_BYTE_SIZE && byteAlignment == RegionTable.FRAME_BYTE_SIZE;
        long address = chunk ? chunkCache.take() : 0;
        if (address == 0) {
            address = alignedAlloc(byteAlignment, byteSize);
        }
        if (address == 0) {
            return null;
        }
        return MemorySegment.ofAddress(address).reinterpret(byteSize, arena, null);
    }

    @Override
    public void release(long address, long byteSize) {
        if (byteSize == RegionTable.FRAME_BYTE_SIZE && (address & (RegionTable.FRAME_BYTE_SIZE - 1)) == 0) {
            chunkCache.release(address);
        } else {
            free(address);
        }
    }

    private static long alignedAlloc(long byteAlignment, long byteSize) {
        try {
            return (long) ALIGNED_ALLOC.invokeExact(byteAlignment, byteSize);
        } catch (Throwable impossible) {
            throw new AssertionError("aligned_alloc cannot throw", impossible);
        }
    }

    /** Gives memory back to the C library. @param address an address {@code aligned_alloc} returned */
    static void free(long address) {
        try {
            FREE.invokeExact(address);
        } catch (Throwable impossible) {
            throw new AssertionError("free cannot throw", impossible);
        }
    }
}
