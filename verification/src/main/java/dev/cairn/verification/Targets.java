package dev.cairn.verification;

import dev.cairn.GeneralAllocator;
import dev.cairn.impl.GeneralAllocators;
import dev.cairn.impl.StackPools;
import dev.cairn.model.ModelGeneralAllocator;
import dev.cairn.model.ModelStackPool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The targets the conformance command checks: the reference model against itself (sanity),
 * Cairn's FFM implementation, and third-party allocators adapted to the contract as far as they
 * go ({@link ThirdParty}).
 */
public final class Targets {

    private Targets() {
    }

    /** {@return the reference model: {@code ModelStackPool} and a shared {@code ModelGeneralAllocator}} */
    public static Target model() {
        return new Target("model", Target.Role.REFERENCE, "the reference model (dev.cairn.model), checked against itself",
                ModelStackPool::owning, (Target.Configurable) Targets::modelAllocator, Map.of(), Map.of());
    }

    /** {@return Cairn's FFM implementation, through its public factories} */
    public static Target impl() {
        return new Target("impl", Target.Role.IMPLEMENTATION, "Cairn's FFM implementation (dev.cairn.impl)",
                StackPools::allocate, (Target.Configurable) Targets::implAllocator, Map.of(), Map.of());
    }

    /** The model's allocator: its limit counts the live blocks' bytes. */
    private static GeneralAllocator modelAllocator(AllocatorOptions options) {
        return options.confined() ? ModelGeneralAllocator.confined(options.memoryByteSizeMax())
                : ModelGeneralAllocator.shared(options.memoryByteSizeMax());
    }

    /** The implementation's allocator: its cap counts the regions it holds (1 MiB chunks, large blocks). */
    private static GeneralAllocator implAllocator(AllocatorOptions options) {
        return GeneralAllocators.builder().confined(options.confined()).memoryByteSizeMax(options.memoryByteSizeMax()).build();
    }

    /**
     * {@return Cairn's FFM stack pool on memory the harness supplies, with guards around it (SP-1)}
     */
    public static Target implOver() {
        return new Target("impl-over", Target.Role.IMPLEMENTATION,
                "Cairn's FFM stack pool over application-supplied memory with guard pages (StackPools.over)",
                capacity -> GuardedPool.of(capacity, StackPools::over), null, Map.of(), Map.of());
    }

    /** {@return every target, the model and the implementation first} */
    public static List<Target> all() {
        List<Target> all = new ArrayList<>(List.of(model(), impl(), implOver()));
        all.addAll(ThirdParty.all());
        return List.copyOf(all);
    }

    /**
     * {@return the target named {@code name}}
     *
     * @param name a target name from {@link #all()}
     * @throws IllegalArgumentException if no target has that name
     */
    public static Target byName(String name) {
        for (Target target : all()) {
            if (target.name().equals(name)) {
                return target;
            }
        }
        throw new IllegalArgumentException("target=" + name + " is not one of " + all().stream().map(Target::name).toList());
    }
}
