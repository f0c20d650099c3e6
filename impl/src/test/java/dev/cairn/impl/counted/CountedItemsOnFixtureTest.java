package dev.cairn.impl.counted;

import dev.cairn.GeneralAllocator;

/**
 * The counted-item contract on the arena-per-block fixture, where any touch of a freed block
 * throws instead of reading reused memory.
 */
class CountedItemsOnFixtureTest extends CountedItemsContract {

    @Override
    GeneralAllocator newAllocator() {
        return ArenaGeneralAllocator.shared();
    }

    @Override
    GeneralAllocator newConfinedAllocator() {
        return ArenaGeneralAllocator.confined();
    }
}
