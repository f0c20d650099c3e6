package dev.cairn.reliability;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Segments that are not what a pool's pop or an allocator's free, resize, isGrowable, typeOf or
 * freer take (SP-4, GA-4): heap memory, the null segment, slices, forgeries by address, blocks of
 * another pool or allocator, blocks already popped or freed, blocks of the other world (a stack
 * block given to the allocator and back), a counted item's inner segment, and {@code null}. Each
 * kind is a function of a side, so both sides get the same kind of segment of their own.
 */
enum HostileSegments {
    /** A heap segment of 64 bytes. */
    HEAP,
    /** {@link MemorySegment#NULL}. */
    NULL_SEGMENT,
    /** The chosen block minus its last byte (or its empty tail, for a 1-byte block). */
    SHORTER_SLICE,
    /** The chosen block from its second byte. */
    INNER_SLICE,
    /** The chosen block plus one byte: memory the allocator does not own, reached by reinterpret. */
    LONGER,
    /** A zero-length segment carrying the chosen block's address ({@code MemorySegment.ofAddress}). */
    ADDRESS_ONLY,
    /** A block of the side's stranger pool or allocator. */
    STRANGER,
    /** A block popped or freed before (stale), or the stranger's if there is none. */
    STALE,
    /** A block of the other world: a stack block for the allocator, an allocator block for the pool. */
    OTHER_WORLD,
    /** A counted item's segment, which starts inside its block. */
    COUNTED_ITEM,
    /** Native memory of an arena nobody here owns. */
    ARENA,
    /** {@code null}: a {@link NullPointerException} on both sides. */
    NULL;

    private static final Arena FOREIGN = Arena.ofAuto();
    private static final MemorySegment FOREIGN_BLOCK = FOREIGN.allocate(64, 16);

    /**
     * {@return this kind of segment, for {@code side}, derived from {@code chosen}}
     * @param side   the side
     * @param chosen a live block of the world the call is about, or {@code null} if there is none
     * @param pool   whether the call is the pool's (for {@link #STRANGER}, {@link #STALE}, {@link #OTHER_WORLD})
     */
    MemorySegment of(HostileSide side, MemorySegment chosen, boolean pool) {
        MemorySegment base = chosen != null ? chosen : (pool ? side.strangerPushed : side.strangerBlock);
        return switch (this) {
            case HEAP -> MemorySegment.ofArray(new byte[64]);
            case NULL_SEGMENT -> MemorySegment.NULL;
            case SHORTER_SLICE -> base.byteSize() > 1 ? base.asSlice(0, base.byteSize() - 1) : base.asSlice(1);
            case INNER_SLICE -> base.asSlice(1);
            case LONGER -> base.reinterpret(base.byteSize() + 1);
            case ADDRESS_ONLY -> MemorySegment.ofAddress(base.address());
            case STRANGER -> pool ? side.strangerPushed : side.strangerBlock;
            case STALE -> pool ? last(side.popped, side.strangerPushed) : stale(side);
            case OTHER_WORLD -> pool ? last(side.blocks.stream().map(HostileSide.Block::segment).toList(), side.strangerBlock)
                    : last(side.stack, side.strangerPushed);
            case COUNTED_ITEM -> side.items.isEmpty() ? FOREIGN_BLOCK : side.items.getLast().item();
            case ARENA -> FOREIGN_BLOCK;
            case NULL -> null;
        };
    }

    /**
     * The newest freed block whose address and size no live block of the implementation's side has
     * taken since, or the stranger's block. The implementation reuses memory, and a stale segment
     * of a reused address and size is the new block as far as any allocator can tell (a use after
     * free the contract cannot see, docs/reliability.md); the model never reuses memory. Both
     * sides ask the implementation's side, so they pick the same index.
     */
    private static MemorySegment stale(HostileSide side) {
        HostileSide impl = side.implSide();
        for (int index = impl.freed.size() - 1; index >= 0; index--) {
            if (!isLiveBlock(impl, impl.freed.get(index))) {
                return side.freed.get(index);
            }
        }
        return side.strangerBlock;
    }

    private static boolean isLiveBlock(HostileSide impl, MemorySegment segment) {
        try {
            impl.allocator.typeOf(segment);
            return true;
        } catch (RuntimeException notLive) {
            return false;
        }
    }

    private static MemorySegment last(List<MemorySegment> segments, MemorySegment otherwise) {
        return segments.isEmpty() ? otherwise : segments.getLast();
    }
}
