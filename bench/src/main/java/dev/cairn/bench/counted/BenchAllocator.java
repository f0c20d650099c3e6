package dev.cairn.bench.counted;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Proxy;

/**
 * Where the benchmarked counted items live until a general allocator is merged into this branch:
 * a {@link GeneralAllocator} that answers only what {@code RefCounting.allocate} and a release to
 * zero call ({@code allocate(Type, long, long)}, {@code free}, {@code owner}), on an {@link Arena}
 * the benchmark state closes. Retain and release, which are what is measured, never call it.
 */
final class BenchAllocator {

    private BenchAllocator() {
    }

    /**
     * {@return a shared allocator whose blocks come from {@code arena}}
     *
     * @param arena gives the memory; closing it frees every block
     */
    static GeneralAllocator on(Arena arena) {
        return (GeneralAllocator) Proxy.newProxyInstance(GeneralAllocator.class.getClassLoader(),
                new Class<?>[] {GeneralAllocator.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "allocate" -> allocate(arena, (Type) arguments[0], (Long) arguments[1], (Long) arguments[2]);
                    case "free", "close" -> null;
                    case "owner" -> null;
                    default -> throw new UnsupportedOperationException("bench allocator: " + method.getName());
                });
    }

    private static MemorySegment allocate(Arena arena, Type type, long count, long byteAlignment) {
        return arena.allocate(type.blockByteSize(count), Math.max(type.byteAlignment(), byteAlignment));
    }
}
