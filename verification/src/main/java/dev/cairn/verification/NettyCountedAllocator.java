package dev.cairn.verification;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

import java.lang.foreign.MemorySegment;

/**
 * Netty's reference counting ({@link AbstractReferenceCounted}) guarding items of the reference
 * model's allocator: the item is a block of the model, and Netty's {@code deallocate()} frees it
 * when the count reaches zero. Everything else is the model's. Netty always counts atomically and
 * checks no owner thread, throws its own {@code IllegalReferenceCountException}, and does not
 * guard the item: a handle gives the item even after it was freed.
 */
final class NettyCountedAllocator extends ForwardingGeneralAllocator {

    NettyCountedAllocator(GeneralAllocator model) {
        super(model);
    }

    @Override
    public RefCounted allocateCounted(Type type, long count, long byteAlignment, CountMode mode) {
        MemorySegment item = delegate.allocate(type, count, byteAlignment);
        return new NettyHandle(new Counter(() -> delegate.free(item)), item, type, count, mode);
    }

    /** Netty's counter; {@code deallocate} frees the item. */
    private static final class Counter extends AbstractReferenceCounted {
        private final Runnable free;

        Counter(Runnable free) {
            this.free = free;
        }

        @Override
        protected void deallocate() {
            free.run();
        }

        @Override
        public ReferenceCounted touch(Object hint) {
            return this;
        }
    }

    /** The contract's handle over Netty's counter. */
    private record NettyHandle(Counter counter, MemorySegment item, Type type, long elementCount, CountMode mode)
            implements RefCounted {

        @Override
        public void retain() {
            counter.retain();
        }

        @Override
        public boolean release() {
            return counter.release();
        }

        @Override
        public long count() {
            return counter.refCnt();
        }

        @Override
        public boolean isLive() {
            return counter.refCnt() > 0;
        }
    }
}
