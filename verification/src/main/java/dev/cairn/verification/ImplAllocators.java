package dev.cairn.verification;

import dev.cairn.GeneralAllocator;

import java.util.function.Supplier;

/** Where the implementation's general allocator comes from, until and after it lands. */
final class ImplAllocators {

    private ImplAllocators() {
    }

    /** {@return the factory of the implementation's shared general allocator, or null if there is none yet} */
    static Supplier<GeneralAllocator> factory() {
        return null;
    }
}
