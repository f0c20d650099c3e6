package dev.cairn.bench.general;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;

/**
 * The peers users would pick instead of Cairn's general allocator: C's {@code malloc}, {@code free}
 * and {@code realloc} as downcalls, plain and {@code Linker.Option.critical(false)}, and {@code
 * sun.misc.Unsafe} (in the benchmarks only; Cairn itself never uses it).
 */
final class Libc {

    /** Every address, for writing through a {@code malloc}'d pointer. */
    static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final MethodHandle MALLOC = handle("malloc", false, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    private static final MethodHandle MALLOC_CRITICAL = handle("malloc", true, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    private static final MethodHandle FREE = handle("free", false, null, ValueLayout.JAVA_LONG);
    private static final MethodHandle FREE_CRITICAL = handle("free", true, null, ValueLayout.JAVA_LONG);
    private static final MethodHandle REALLOC = handle("realloc", false, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG);
    private static final MethodHandle REALLOC_CRITICAL = handle("realloc", true, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);

    /** {@code sun.misc.Unsafe}, for the peer that uses it. */
    static final sun.misc.Unsafe UNSAFE = unsafe();

    private Libc() {
    }

    private static MethodHandle handle(String name, boolean critical, ValueLayout result, ValueLayout... arguments) {
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor descriptor = result == null ? FunctionDescriptor.ofVoid(arguments)
                : FunctionDescriptor.of(result, arguments);
        Linker.Option[] options = critical ? new Linker.Option[] {Linker.Option.critical(false)} : new Linker.Option[0];
        return linker.downcallHandle(linker.defaultLookup().findOrThrow(name), descriptor, options);
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (sun.misc.Unsafe) field.get(null);
        } catch (ReflectiveOperationException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }

    static long malloc(long byteSize, boolean critical) {
        try {
            return critical ? (long) MALLOC_CRITICAL.invokeExact(byteSize) : (long) MALLOC.invokeExact(byteSize);
        } catch (Throwable impossible) {
            throw new AssertionError(impossible);
        }
    }

    static void free(long address, boolean critical) {
        try {
            if (critical) {
                FREE_CRITICAL.invokeExact(address);
            } else {
                FREE.invokeExact(address);
            }
        } catch (Throwable impossible) {
            throw new AssertionError(impossible);
        }
    }

    static long realloc(long address, long byteSize, boolean critical) {
        try {
            return critical ? (long) REALLOC_CRITICAL.invokeExact(address, byteSize)
                    : (long) REALLOC.invokeExact(address, byteSize);
        } catch (Throwable impossible) {
            throw new AssertionError(impossible);
        }
    }
}
