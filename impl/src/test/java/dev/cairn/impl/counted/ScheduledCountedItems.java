package dev.cairn.impl.counted;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;

import java.lang.foreign.MemorySegment;

/**
 * Handles whose every access to the count is a step of the {@link InterleavingScheduler}: the
 * real atomic handle, and the deliberately broken {@link RacyCountedItem}, which also yields
 * between the read and the write of its non-atomic exchange.
 */
final class ScheduledCountedItems {

    private ScheduledCountedItems() {
    }

    /** The real atomic handle: its code runs unchanged, with a step before each count access and before it claims the destruction. */
    static final class Atomic extends AtomicCountedItem {
        Atomic(GeneralAllocator allocator, MemorySegment block, Type type, long elementCount, CountedLayout layout) {
            super(allocator, block, type, elementCount, layout);
        }

        @Override
        int loadCount() {
            InterleavingScheduler.step();
            return super.loadCount();
        }

        @Override
        int getAndAddCount(int delta) {
            InterleavingScheduler.step();
            return super.getAndAddCount(delta);
        }

        @Override
        boolean claimAndDestroy() {
            InterleavingScheduler.step();
            return super.claimAndDestroy();
        }

        @Override
        int compareAndExchangeCount(int expected, int next) {
            InterleavingScheduler.step();
            return super.compareAndExchangeCount(expected, next);
        }
    }

    /** The broken handle: a step before its read, and another before its write. */
    static final class Racy extends RacyCountedItem {
        Racy(GeneralAllocator allocator, MemorySegment block, Type type, long elementCount, CountedLayout layout) {
            super(allocator, block, type, elementCount, layout);
        }

        @Override
        void beforeAccess() {
            InterleavingScheduler.step();
        }
    }
}
