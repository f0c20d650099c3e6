package dev.cairn.impl.counted;

import dev.cairn.GeneralAllocator;
import dev.cairn.impl.GeneralAllocators;

/** The counted-item contract on Cairn's FFM general allocator, the one users get. */
class CountedItemsOnFfmAllocatorTest extends CountedItemsContract {

    @Override
    GeneralAllocator newAllocator() {
        return GeneralAllocators.shared();
    }

    @Override
    GeneralAllocator newConfinedAllocator() {
        return GeneralAllocators.confined();
    }
}
