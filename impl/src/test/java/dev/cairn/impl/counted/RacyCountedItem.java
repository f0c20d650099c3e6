package dev.cairn.impl.counted;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;

import java.lang.foreign.MemorySegment;

/**
 * DELIBERATELY BROKEN, for tests only: an atomic handle whose add and compare-and-exchange are
 * a plain read, (compare and) write, the classic broken read-modify-write. The concurrency tests
 * must catch it: two threads that both read 2 and both write 1 lose a release, and two that both
 * read 1 both reach zero (one of them then finds the item destroyed).
 */
class RacyCountedItem extends AtomicCountedItem {

    RacyCountedItem(GeneralAllocator allocator, MemorySegment block, Type type, long elementCount,
                    CountedLayout layout) {
        super(allocator, block, type, elementCount, layout);
    }

    @Override
    int loadCount() {
        beforeAccess();
        return super.loadCount();
    }

    @Override
    int getAndAddCount(int delta) {
        beforeAccess();
        int seen = block.get(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET);
        beforeAccess();
        block.set(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET, seen + delta);
        return seen;
    }

    @Override
    int compareAndExchangeCount(int expected, int next) {
        beforeAccess();
        int seen = block.get(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET);
        if (seen == expected) {
            beforeAccess();
            block.set(CountedLayout.COUNT_LAYOUT, COUNT_OFFSET, next);
        }
        return seen;
    }

    /**
     * Runs before each access to the count, the write of the broken exchange included: there
     * another thread may slip in. Here a spin-wait hint; the interleaving test makes it a step.
     */
    void beforeAccess() {
        Thread.onSpinWait();
    }
}
