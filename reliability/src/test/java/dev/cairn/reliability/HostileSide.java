package dev.cairn.reliability;

import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.impl.GeneralAllocators;
import dev.cairn.impl.StackPoolOptions;
import dev.cairn.impl.StackPools;
import dev.cairn.model.ModelGeneralAllocator;
import dev.cairn.model.ModelStackPool;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One side of the hostile-input driver: the reference model's or the FFM implementation's stack
 * pool and general allocator, the handles the driver made on them (in creation order, so both
 * sides pick the same handle by index), stale handles kept for hostile reuse, a stranger pool and
 * allocator whose blocks are foreign here, and the log of what destructors saw.
 * <p>Invariants: {@code stack} holds the pool's live blocks bottom to top and {@code blocks}, {@code
 * items} and {@code vectors} the allocator's live handles; {@link #summary()} is a function of the
 * observable state only (no addresses), so equal summaries mean equal states on both sides.
 */
final class HostileSide implements AutoCloseable {

    /** The pool's byte capacity: small, so that exhaustion (SP-3) is reached. */
    static final long POOL_BYTE_CAPACITY = 64 * 1024;
    /** The allocator's memory cap: far above what valid calls take, far below a hostile size. */
    static final long MEMORY_BYTE_SIZE_MAX = 256L << 20;
    /** The most live handles of each kind the driver keeps; beyond it, it frees instead. */
    static final int LIVE_MAX = 24;
    /** The live-block limit of every other pool. */
    static final int SMALL_BLOCK_COUNT_MAX = 12;
    /** The open-frame limit of every other pool. */
    static final int SMALL_FRAME_COUNT_MAX = 6;
    /** The most stale handles of each kind kept for reuse. */
    static final int STALE_MAX = 8;

    /** A live block of the allocator and whether it is growable. */
    record Block(MemorySegment segment, boolean growable) {
    }

    final boolean model;
    final OtherThread otherThread;
    private int poolsMade;
    /** The other side of the run; set once both exist. */
    HostileSide peer;
    final HostileTypes types;
    final List<String> log = new ArrayList<>();
    StackPool pool;
    GeneralAllocator allocator;
    final StackPool strangerPool;
    final MemorySegment strangerPushed;
    final GeneralAllocator strangerAllocator;
    final MemorySegment strangerBlock;
    final List<MemorySegment> stack = new ArrayList<>();
    final List<StackPool.Frame> frames = new ArrayList<>();
    final List<StackPool.Frame> staleFrames = new ArrayList<>();
    final List<MemorySegment> popped = new ArrayList<>();
    final List<Block> blocks = new ArrayList<>();
    final List<MemorySegment> freed = new ArrayList<>();
    final List<RefCounted> items = new ArrayList<>();
    final List<RefCounted> deadItems = new ArrayList<>();
    final List<Vector> vectors = new ArrayList<>();
    final List<Vector> freedVectors = new ArrayList<>();

    /**
     * @param model    whether this is the reference model's side
     * @param confined whether the allocator is confined to the calling thread
     * @param otherThread the thread for wrong-thread and cross-thread calls
     */
    HostileSide(boolean model, boolean confined, OtherThread otherThread) {
        this.model = model;
        this.otherThread = otherThread;
        this.types = new HostileTypes(this);
        this.strangerPool = newPool();
        this.strangerPushed = strangerPool.push(Type.BYTE, 64);
        this.strangerAllocator = newAllocator(false);
        this.strangerBlock = strangerAllocator.allocate(Type.BYTE, 64);
        this.pool = newPool();
        this.allocator = newAllocator(confined);
    }

    /** {@return the implementation's side of the run: this one, or the model's peer} */
    HostileSide implSide() {
        return model ? peer : this;
    }

    /**
     * {@return a fresh pool of {@link #POOL_BYTE_CAPACITY} bytes of this side's kind}: every other
     * one with small limits ({@link #SMALL_BLOCK_COUNT_MAX} live blocks, {@link
     * #SMALL_FRAME_COUNT_MAX} open frames), so that both limits of SP-3 are reached too.
     */
    StackPool newPool() {
        boolean small = poolsMade++ % 2 == 1;
        int blocks = small ? SMALL_BLOCK_COUNT_MAX : ModelStackPool.COUNT_MAX_DEFAULT;
        int frames = small ? SMALL_FRAME_COUNT_MAX : ModelStackPool.COUNT_MAX_DEFAULT;
        return model ? ModelStackPool.owning(POOL_BYTE_CAPACITY, blocks, frames)
                : StackPools.allocate(POOL_BYTE_CAPACITY, StackPoolOptions.DEFAULT.withLimits(blocks, frames));
    }

    /** {@return a fresh allocator of this side's kind} @param confined whether it is confined */
    GeneralAllocator newAllocator(boolean confined) {
        if (model) {
            return confined ? ModelGeneralAllocator.confined(MEMORY_BYTE_SIZE_MAX)
                    : ModelGeneralAllocator.shared(MEMORY_BYTE_SIZE_MAX);
        }
        return GeneralAllocators.builder().confined(confined).memoryByteSizeMax(MEMORY_BYTE_SIZE_MAX).build();
    }

    /** Replaces a closed pool with a fresh one and forgets its handles. */
    void reopenPool() {
        pool = newPool();
        stack.clear();
        frames.clear();
        staleFrames.clear();
        popped.clear();
    }

    /** Replaces a closed allocator with a fresh one and forgets its handles. */
    void reopenAllocator(boolean confined) {
        allocator = newAllocator(confined);
        blocks.clear();
        freed.clear();
        items.clear();
        deadItems.clear();
        vectors.clear();
        freedVectors.clear();
    }

    /** Keeps a popped or freed segment for hostile reuse, forgetting the oldest beyond {@link #STALE_MAX}. */
    static <T> void keepStale(List<T> stale, T handle) {
        if (stale.size() == STALE_MAX) {
            stale.removeFirst();
        }
        stale.add(handle);
    }

    /**
     * {@return the observable state, without addresses}: the pool's top, live count, open frames
     * and closed flag; the allocator's live count, live bytes and closed flag; each live item's
     * count; each vector's size; and a checksum of the contents of every live block, item and
     * vector element this side holds.
     * @param contents whether the checksum of the contents is included
     */
    String summary(boolean contents) {
        StringBuilder text = new StringBuilder();
        text.append("pool[closed=").append(pool.isClosed()).append(" top=").append(pool.top())
                .append(" live=").append(pool.liveBlockCount()).append(" frames=").append(pool.openFrameCount())
                .append("] allocator[closed=").append(allocator.isClosed())
                .append(" live=").append(allocator.liveBlockCount()).append(" bytes=").append(allocator.liveByteSize())
                .append("] counts=[");
        for (RefCounted item : items) {
            text.append(item.count()).append(' ');
        }
        text.append("] sizes=[");
        for (Vector vector : vectors) {
            text.append(vector.size()).append('/').append(vector.capacity()).append(' ');
        }
        return text.append("] contents=").append(contents ? contentChecksum() : "-").toString();
    }

    private long contentChecksum() {
        CRC32 crc = new CRC32();
        if (!pool.isClosed()) {
            stack.forEach(block -> crc.update(block.asByteBuffer()));
        }
        if (!allocator.isClosed()) {
            blocks.forEach(block -> crc.update(block.segment().asByteBuffer()));
            items.forEach(item -> crc.update(item.item().asByteBuffer()));
            for (Vector vector : vectors) {
                for (long index = 0; index < vector.size(); index++) {
                    crc.update(vector.get(index).asByteBuffer());
                }
            }
        }
        return crc.getValue();
    }

    /**
     * Checks that a block fresh from a zeroing call is all zero (GA-1, SP-2), then writes a pattern
     * into it so that a later call that touched it would change the checksum.
     * @param block the block
     * @param seed  the pattern's first byte
     * @return the block
     */
    static MemorySegment zeroThenMark(MemorySegment block, long seed) {
        long firstNonZero = block.mismatch(MemorySegment.ofArray(new byte[(int) block.byteSize()]));
        if (firstNonZero >= 0) {
            throw new AssertionError("a fresh block of byteSize=" + block.byteSize() + " holds a non-zero byte at offset="
                    + firstNonZero);
        }
        mark(block, seed);
        return block;
    }

    /** Writes a pattern over all of a block. @param block the block @param seed the pattern's first byte */
    static void mark(MemorySegment block, long seed) {
        block.fill((byte) seed);
        for (long offset = 0; offset < block.byteSize(); offset += 7) {
            block.set(ValueLayout.JAVA_BYTE, offset, (byte) (seed + offset));
        }
    }

    /** Closes everything without logging the leaks a hostile run leaves by design. */
    @Override
    public void close() {
        for (Runnable close : List.<Runnable>of(pool::closeAndReport, strangerPool::closeAndReport,
                allocator::closeAndReport, strangerAllocator::closeAndReport)) {
            try {
                close.run();
            } catch (RuntimeException destructorFailure) {
                // a throwing destructor of a leaked block (DS-4): the close completed
            }
        }
    }
}
