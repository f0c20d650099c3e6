package dev.cairn.reliability;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.RefCounted;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.reliability.HostileSide.Block;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Function;

/**
 * The catalogue of the hostile-input driver: every public entry point of a pool, its frames, an
 * allocator, its counted items and vectors, each given hostile arguments (see {@link
 * HostileArguments} and {@link HostileSegments}), with a few valid calls that keep the state
 * moving. A call is a function of a side; the driver applies the same call to both sides. A call
 * that succeeds updates the side's handles itself, so both sides' handles stay in step.
 */
final class HostileCalls {

    /** Which comparison a call gets. */
    enum Compare {
        /** Both sides must have the same outcome. */
        SAME,
        /** Only the implementation takes it, and must reject it (a check the model does not make). */
        IMPL_ONLY
    }

    /**
     * One call: a description for failure messages and the function applied to each side.
     * @param name    what is called, with its arguments
     * @param call    the call; returns a description of its result without addresses
     * @param compare how the outcomes are compared
     */
    record Call(String name, Function<HostileSide, Object> call, Compare compare) {
        Call(String name, Function<HostileSide, Object> call) {
            this(name, call, Compare.SAME);
        }

        boolean implOnly() {
            return compare == Compare.IMPL_ONLY;
        }
    }

    /** The name of the call that closes the allocator. */
    static final String CLOSE_ALLOCATOR = "close the allocator";

    /** The number of call kinds {@link #make(int)} knows. */
    static final int KINDS = 24;

    private final HostileArguments arguments;
    private long serial;

    /** @param arguments the source of hostile values */
    HostileCalls(HostileArguments arguments) {
        this.arguments = arguments;
    }

    /** {@return a call of kind {@code kind} with fresh hostile arguments} @param kind in [0, {@link #KINDS}) */
    Call make(int kind) {
        int type = arguments.nextInt(HostileTypes.COUNT);
        int pick = arguments.nextInt(1 << 16);
        long mark = ++serial;
        return switch (kind) {
            case 0 -> push(type, arguments.poolCount(), arguments.alignment(), arguments.nextInt(4), mark);
            case 1 -> pushBound(type, arguments.poolCount(), arguments.alignment(), arguments.bound(), mark);
            case 2 -> popHostile(HostileSegments.values()[arguments.nextInt(HostileSegments.values().length)], pick);
            case 3 -> popTop();
            case 4 -> new Call("mark", side -> {
                side.frames.add(side.pool.mark());
                return "marked";
            });
            case 5 -> closeFrame(arguments.nextInt(3));
            case 6 -> allocate(type, arguments.count(), arguments.alignment(), arguments.nextInt(5), mark);
            case 7 -> allocateBound(type, arguments.count(), arguments.alignment(), arguments.bound(), mark);
            case 8 -> free(HostileSegments.values()[arguments.nextInt(HostileSegments.values().length)], pick);
            case 9 -> free(null, pick);
            case 10 -> resize(HostileSegments.values()[arguments.nextInt(HostileSegments.values().length)], pick,
                    arguments.count(), arguments.nextBoolean());
            case 11 -> inspect(HostileSegments.values()[arguments.nextInt(HostileSegments.values().length)], pick,
                    arguments.nextInt(3));
            case 12 -> counted(type, arguments.count(), arguments.alignment(), arguments.nextBoolean(), mark);
            case 13 -> countedUse(pick, arguments.nextInt(5), false);
            case 14 -> countedUse(pick, arguments.nextInt(5), true);
            case 15 -> newVector(type, arguments.count());
            case 16 -> vectorUse(pick, arguments.nextInt(7), arguments.index(pick % 8), mark);
            case 17 -> wrongThreadPool(type, arguments.nextInt(4));
            case 18 -> wrongThreadAllocator(type, pick, arguments.nextInt(4));
            case 19 -> freeForgedExact(pick);
            case 20 -> bytes(arguments.count(), arguments.alignment(), arguments.nextBoolean(), mark);
            case 21 -> closePool();
            case 22 -> closeAllocator();
            default -> reopen(arguments.nextBoolean());
        };
    }

    // ---- pool ------------------------------------------------------------------------------

    private static Call push(int type, long count, long alignment, int variant, long mark) {
        return new Call("push variant=" + variant + " type=" + type + " count=" + count + " byteAlignment=" + alignment,
                side -> {
                    Type chosen = side.types.get(type);
                    MemorySegment block = variant == 3 ? side.pool.allocate(count, alignment)
                            : variant == 2 ? side.pool.pushUninitialized(chosen, count, alignment)
                            : variant == 1 ? side.pool.push(chosen, count, alignment) : side.pool.push(chosen, count);
                    return pushed(side, block, variant == 2, mark);
                });
    }

    private static Object pushed(HostileSide side, MemorySegment block, boolean raw, long mark) {
        if (raw) {
            HostileSide.mark(block, mark);
        } else {
            HostileSide.zeroThenMark(block, mark);
        }
        side.stack.add(block);
        return "pushed byteSize=" + block.byteSize();
    }

    private static Call pushBound(int type, long count, long alignment, long bound, long mark) {
        return new Call("push inside AlignmentContext.run(" + bound + ") type=" + type + " count=" + count
                + " byteAlignment=" + alignment, side -> {
                    Object[] result = new Object[1];
                    AlignmentContext.run(bound, () -> result[0] = pushed(side,
                            side.pool.push(side.types.get(type), count, alignment), false, mark));
                    return result[0];
                });
    }

    private static Call popHostile(HostileSegments kind, int pick) {
        return new Call("pop " + kind + " of block " + pick, side -> {
            MemorySegment chosen = pickFrom(side.stack, pick);
            side.pool.pop(kind.of(side, chosen, true));
            return popped(side);
        });
    }

    private static Call popTop() {
        return new Call("pop the top block", side -> {
            side.pool.pop(side.stack.isEmpty() ? side.strangerPushed : side.stack.getLast());
            return popped(side);
        });
    }

    /** A pop that returned popped the top block, whatever segment named it (SP-4). */
    private static Object popped(HostileSide side) {
        HostileSide.keepStale(side.popped, side.stack.removeLast());
        return "popped";
    }

    private static Call closeFrame(int which) {
        return new Call("close frame which=" + which + " (0 innermost, 1 outermost, 2 stale)", side -> {
            StackPool.Frame frame = switch (which) {
                case 0 -> side.frames.isEmpty() ? null : side.frames.getLast();
                case 1 -> side.frames.isEmpty() ? null : side.frames.getFirst();
                default -> side.staleFrames.isEmpty() ? null : side.staleFrames.getLast();
            };
            if (frame == null) {
                return "no frame";
            }
            closeFrameTracked(side, frame);
            return "frame closed";
        });
    }

    /** Closes a frame and, when it closed (or a destructor threw, DS-4), pops what it popped. */
    private static void closeFrameTracked(HostileSide side, StackPool.Frame frame) {
        int liveBefore = side.pool.liveBlockCount();
        try {
            frame.close();
        } finally {
            int poppedCount = liveBefore - side.pool.liveBlockCount();
            for (int i = 0; i < poppedCount; i++) {
                HostileSide.keepStale(side.popped, side.stack.removeLast());
            }
            if (!frame.isOpen() && side.frames.remove(frame)) {
                HostileSide.keepStale(side.staleFrames, frame);
            }
        }
    }

    private static Call closePool() {
        return new Call("close the pool", side -> {
            side.frames.clear();
            side.stack.clear();
            var report = side.pool.closeAndReport();
            return "leaks blockCount=" + report.blockCount() + " byteSize=" + report.byteSize();
        });
    }

    // ---- allocator -------------------------------------------------------------------------

    private static Call allocate(int type, long count, long alignment, int variant, long mark) {
        return new Call("allocate variant=" + variant + " type=" + type + " count=" + count + " byteAlignment=" + alignment,
                side -> {
                    Type chosen = side.types.get(type);
                    MemorySegment block = switch (variant) {
                        case 0 -> side.allocator.allocate(chosen, count);
                        case 1 -> side.allocator.allocate(chosen, count, alignment);
                        case 2 -> side.allocator.allocateUninitialized(chosen, count, alignment);
                        case 3 -> side.allocator.allocateGrowable(chosen, count);
                        default -> side.allocator.allocateGrowable(chosen, count, alignment);
                    };
                    return allocated(side, block, variant >= 3, variant == 2, mark);
                });
    }

    private static Object allocated(HostileSide side, MemorySegment block, boolean growable, boolean raw, long mark) {
        if (raw) {
            HostileSide.mark(block, mark);
        } else {
            HostileSide.zeroThenMark(block, mark);
        }
        side.blocks.add(new Block(block, growable));
        return "allocated byteSize=" + block.byteSize() + " growable=" + growable;
    }

    private static Call allocateBound(int type, long count, long alignment, long bound, long mark) {
        return new Call("allocate inside AlignmentContext.run(" + bound + ") type=" + type + " count=" + count
                + " byteAlignment=" + alignment, side -> {
                    Object[] result = new Object[1];
                    AlignmentContext.run(bound, () -> result[0] = allocated(side,
                            side.allocator.allocate(side.types.get(type), count, alignment), false, false, mark));
                    return result[0];
                });
    }

    private static Call bytes(long byteSize, long alignment, boolean pool, long mark) {
        return new Call("SegmentAllocator.allocate byteSize=" + byteSize + " byteAlignment=" + alignment + " pool=" + pool,
                side -> pool ? pushed(side, side.pool.allocate(byteSize, alignment), false, mark)
                        : allocated(side, side.allocator.allocate(byteSize, alignment), false, false, mark));
    }

    /** Frees a hostile segment derived from live block {@code pick}, or ({@code kind == null}) that block. */
    private static Call free(HostileSegments kind, int pick) {
        return new Call("free " + (kind == null ? "live block" : kind + " of block") + " " + pick, side -> {
            Block chosen = pickFrom(side.blocks, pick);
            MemorySegment live = chosen == null ? null : chosen.segment();
            MemorySegment segment = kind == null ? (live == null ? side.strangerBlock : live) : kind.of(side, live, false);
            freeTracked(side, segment, () -> side.allocator.free(segment));
            return "freed";
        });
    }

    /** The model accepts a forgery of the right address and size as the block; the implementation refuses it. */
    private static Call freeForgedExact(int pick) {
        return new Call("free a forgery (ofAddress + reinterpret) of block " + pick, side -> {
            Block chosen = pickFrom(side.blocks, pick);
            MemorySegment base = chosen == null ? side.strangerBlock : chosen.segment();
            side.allocator.free(MemorySegment.ofAddress(base.address()).reinterpret(base.byteSize()));
            throw new AssertionError("a forged segment was freed: " + base.byteSize() + " bytes");
        }, Compare.IMPL_ONLY);
    }

    /**
     * Runs a free (or freer) of {@code segment}; when it completed (or a destructor threw, DS-4),
     * forgets the block it freed, found by address and byte size.
     */
    private static void freeTracked(HostileSide side, MemorySegment segment, Runnable free) {
        long liveBefore = side.allocator.liveBlockCount();
        try {
            free.run();
        } finally {
            if (side.allocator.liveBlockCount() < liveBefore) {
                forget(side, segment);
            }
        }
    }

    private static void forget(HostileSide side, MemorySegment segment) {
        for (int i = 0; i < side.blocks.size(); i++) {
            MemorySegment block = side.blocks.get(i).segment();
            if (block.address() == segment.address()) {
                side.blocks.remove(i);
                HostileSide.keepStale(side.freed, block);
                return;
            }
        }
    }

    private static Call resize(HostileSegments kind, int pick, long count, boolean valid) {
        return new Call("resize " + (valid ? "live block" : kind.toString()) + " " + pick + " to count=" + count, side -> {
            Block chosen = pickFrom(side.blocks, pick);
            MemorySegment segment = valid && chosen != null ? chosen.segment()
                    : kind.of(side, chosen == null ? null : chosen.segment(), false);
            int index = chosen == null ? -1 : side.blocks.indexOf(chosen);
            MemorySegment resized;
            try {
                resized = side.allocator.resize(segment, count);
            } catch (RuntimeException failure) {
                if (!Outcome.isRejection(failure) && index >= 0) {
                    side.blocks.remove(index); // completed (DS-4), but the caller never learns the new segment
                }
                throw failure;
            }
            side.blocks.set(index, new Block(resized, true));
            return "resized byteSize=" + resized.byteSize();
        });
    }

    private static Call inspect(HostileSegments kind, int pick, int what) {
        return new Call((what == 0 ? "isGrowable " : what == 1 ? "typeOf " : "freer().free ") + kind + " of block " + pick,
                side -> {
                    Block chosen = pickFrom(side.blocks, pick);
                    MemorySegment segment = kind.of(side, chosen == null ? null : chosen.segment(), false);
                    return switch (what) {
                        case 0 -> side.allocator.isGrowable(segment);
                        case 1 -> side.allocator.typeOf(segment).name();
                        default -> {
                            freeTracked(side, segment, () -> side.allocator.freer().free(segment));
                            yield "freed";
                        }
                    };
                });
    }

    private static Call closeAllocator() {
        return new Call(CLOSE_ALLOCATOR, side -> {
            side.blocks.clear();
            side.items.clear();
            side.vectors.clear();
            long liveBlockCount = side.allocator.liveBlockCount();
            long liveByteSize = side.allocator.liveByteSize();
            var report = side.allocator.closeAndReport();
            if (report.blockCount() != liveBlockCount || report.byteSize() != liveByteSize) {
                throw new AssertionError("model=" + side.model + ": close reported " + report.blockCount() + " blocks of "
                        + report.byteSize() + " bytes but " + liveBlockCount + " blocks of " + liveByteSize + " were live");
            }
            return "leaks blockCount=" + report.blockCount() + " byteSize=" + report.byteSize();
        });
    }

    private static Call reopen(boolean confined) {
        return new Call("reopen what is closed, confined=" + confined, side -> {
            if (side.pool.isClosed()) {
                side.reopenPool();
            }
            if (side.allocator.isClosed()) {
                side.reopenAllocator(confined);
            }
            return "reopened";
        });
    }

    // ---- counted items and vectors ------------------------------------------------------------

    private static Call counted(int type, long count, long alignment, boolean atomic, long mark) {
        return new Call("allocateCounted type=" + type + " count=" + count + " byteAlignment=" + alignment
                + " atomic=" + atomic, side -> {
                    RefCounted item = side.allocator.allocateCounted(side.types.get(type), count, alignment,
                            atomic ? CountMode.ATOMIC : CountMode.CONFINED);
                    HostileSide.zeroThenMark(item.item(), mark);
                    side.items.add(item);
                    return "counted count=" + item.count() + " byteSize=" + item.item().byteSize();
                });
    }

    private static Call countedUse(int pick, int what, boolean dead) {
        return new Call((dead ? "dead" : "live") + " item " + pick + " call=" + what
                + " (0 retain, 1 release, 2 item, 3 count, 4 isLive)", side -> {
                    List<RefCounted> from = dead ? side.deadItems : side.items;
                    RefCounted item = pickFrom(from, pick);
                    if (item == null) {
                        return "no item";
                    }
                    return switch (what) {
                        case 0 -> {
                            item.retain();
                            yield "retained";
                        }
                        case 1 -> released(side, item);
                        case 2 -> "item byteSize=" + item.item().byteSize();
                        case 3 -> item.count();
                        default -> item.isLive();
                    };
                });
    }

    private static Object released(HostileSide side, RefCounted item) {
        boolean destroyed = false;
        try {
            destroyed = item.release();
        } finally {
            if (!item.isLive() && side.items.remove(item)) {
                HostileSide.keepStale(side.deadItems, item);
            }
        }
        return "released destroyed=" + destroyed;
    }

    private static Call newVector(int type, long capacity) {
        return new Call("newVector type=" + type + " initialCapacity=" + capacity, side -> {
            if (side.vectors.size() >= HostileSide.LIVE_MAX) {
                return "enough vectors";
            }
            Vector vector = side.allocator.newVector(side.types.get(type), capacity);
            side.vectors.add(vector);
            return "vector capacity=" + vector.capacity();
        });
    }

    private static Call vectorUse(int pick, int what, long index, long mark) {
        return new Call("vector " + pick + " call=" + what + " index=" + index
                + " (0 append, 1 append wrong size, 2 get, 3 set, 4 removeLast, 5 freed vector, 6 free)", side -> {
                    Vector vector = what == 5 ? pickFrom(side.freedVectors, pick) : pickFrom(side.vectors, pick);
                    if (vector == null) {
                        return "no vector";
                    }
                    long elementByteSize = vector.elementType().byteSize();
                    return switch (what) {
                        case 0 -> {
                            MemorySegment element = vector.append();
                            HostileSide.zeroThenMark(element, mark);
                            yield "appended size=" + vector.size();
                        }
                        case 1 -> "appended " + vector.append(MemorySegment.ofArray(new byte[(int) elementByteSize + 1])).byteSize();
                        case 2 -> "got " + vector.get(index).byteSize();
                        case 3 -> {
                            vector.set(index, MemorySegment.ofArray(new byte[(int) elementByteSize]));
                            yield "set";
                        }
                        case 4 -> {
                            vector.removeLast();
                            yield "removed size=" + vector.size();
                        }
                        case 5 -> {
                            vector.append();
                            yield "appended to a freed vector";
                        }
                        default -> {
                            side.vectors.remove(vector);
                            HostileSide.keepStale(side.freedVectors, vector);
                            vector.free();
                            yield "vector freed";
                        }
                    };
                });
    }

    // ---- wrong threads ---------------------------------------------------------------------------

    private static Call wrongThreadPool(int type, int what) {
        return new Call("pool from another thread call=" + what + " (0 push, 1 pop, 2 mark, 3 close)", side -> {
            Throwable thrown = side.otherThread.run(() -> {
                switch (what) {
                    case 0 -> side.pool.push(side.types.get(type), 1);
                    case 1 -> side.pool.pop(side.stack.isEmpty() ? side.strangerPushed : side.stack.getLast());
                    case 2 -> side.pool.mark();
                    default -> side.pool.close();
                }
            });
            return Outcome.threw(thrown == null ? new AssertionError("no exception from another thread") : thrown);
        });
    }

    private static Call wrongThreadAllocator(int type, int pick, int what) {
        return new Call("allocator from another thread call=" + what + " (0 allocate+free, 1 free, 2 item retain+release,"
                + " 3 allocateCounted+release)", side -> {
                    Block chosen = pickFrom(side.blocks, pick);
                    RefCounted item = pickFrom(side.items, pick);
                    long liveBefore = side.allocator.liveBlockCount();
                    Throwable thrown = side.otherThread.run(() -> {
                        switch (what) {
                            case 0 -> side.allocator.free(side.allocator.allocate(side.types.get(type), 1));
                            case 1 -> side.allocator.free(chosen == null ? side.strangerBlock : chosen.segment());
                            case 2 -> {
                                if (item != null) {
                                    item.retain();
                                    item.release();
                                }
                            }
                            default -> side.allocator.allocateCounted(Type.BYTE, 8, 1, CountMode.ATOMIC).release();
                        }
                    });
                    if (what == 1 && chosen != null && side.allocator.liveBlockCount() < liveBefore) {
                        forget(side, chosen.segment());
                    }
                    return thrown == null ? "returned" : Outcome.threw(thrown);
                });
    }

    private static <T> T pickFrom(List<T> handles, int pick) {
        return handles.isEmpty() ? null : handles.get(pick % handles.size());
    }
}
