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
 * not touch it, so pages nobody allocates from stay out of the resident set.
 *
 * <p>Why not {@code Arena.allocate}: it zero-fills the whole request, and for an alignment above
 * 16 it over-allocates by the alignment and fills that too, so a 1 MiB chunk aligned to 1 MiB
 * would make 2 MiB resident.
 */
public final class SystemMemory implements NativeMemory {

    /** The one instance. */
    public static final SystemMemory INSTANCE = new SystemMemory();

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

    private SystemMemory() {
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment, Arena arena) {
        long address;
        try {
            address = (long) ALIGNED_ALLOC.invokeExact(byteAlignment, byteSize);
        } catch (Throwable impossible) {
            throw new AssertionError("aligned_alloc cannot throw", impossible);
        }
        if (address == 0) {
            return null;
        }
        return MemorySegment.ofAddress(address).reinterpret(byteSize, arena, null);
    }

    @Override
    public void release(long address, long byteSize) {
        try {
            FREE.invokeExact(address);
        } catch (Throwable impossible) {
            throw new AssertionError("free cannot throw", impossible);
        }
    }
}
