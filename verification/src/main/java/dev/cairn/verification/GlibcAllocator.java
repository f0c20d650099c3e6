package dev.cairn.verification;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * glibc's {@code calloc}/{@code malloc}/{@code aligned_alloc}/{@code realloc}/{@code free} through
 * FFM downcalls, adapted to the contract by {@link AdaptedAllocator}. Alignments above 16 (glibc's
 * {@code malloc} alignment on x86-64 and aarch64 Linux) go to {@code aligned_alloc}; resizing is
 * {@code realloc}, which keeps only {@code malloc}'s alignment and does not zero what it adds.
 *
 * <p>Restricted methods: the downcalls, and {@code reinterpret} to give the returned address its
 * byte size. Only addresses glibc returned and that are still live are passed back to it.
 */
final class GlibcAllocator extends AdaptedAllocator {

    private static final long MALLOC_BYTE_ALIGNMENT = 16;
    private static final MethodHandle CALLOC = downcall("calloc", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle MALLOC = downcall("malloc", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle ALIGNED_ALLOC = downcall("aligned_alloc", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle REALLOC = downcall("realloc", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = downcall("free", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        return linker.downcallHandle(libc.find(name).orElseThrow(), descriptor);
    }

    @Override
    MemorySegment obtain(long byteSize, long byteAlignment, boolean zeroed) {
        MemorySegment address;
        if (byteAlignment <= MALLOC_BYTE_ALIGNMENT) {
            address = zeroed ? (MemorySegment) invoke(CALLOC, 1L, byteSize) : (MemorySegment) invoke(MALLOC, byteSize);
        } else {
            long rounded = (byteSize + byteAlignment - 1) / byteAlignment * byteAlignment;
            address = (MemorySegment) invoke(ALIGNED_ALLOC, byteAlignment, rounded);
        }
        MemorySegment block = sized(address, byteSize, "byteSize=" + byteSize + " byteAlignment=" + byteAlignment);
        if (zeroed && byteAlignment > MALLOC_BYTE_ALIGNMENT) {
            block.fill((byte) 0);
        }
        return block;
    }

    @Override
    void release(MemorySegment block) {
        invoke(FREE, block);
    }

    @Override
    MemorySegment reallocate(MemorySegment block, long byteSize) {
        return sized((MemorySegment) invoke(REALLOC, block, byteSize), byteSize, "realloc byteSize=" + byteSize);
    }

    private static MemorySegment sized(MemorySegment address, long byteSize, String what) {
        if (address.address() == 0) {
            throw new IllegalStateException("glibc returned NULL for " + what);
        }
        return address.reinterpret(byteSize);
    }

    private static Object invoke(MethodHandle handle, Object... arguments) {
        try {
            return handle.invokeWithArguments(arguments);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable checked) {
            throw new IllegalStateException(checked);
        }
    }
}
