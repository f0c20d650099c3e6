package dev.cairn.verification;

import dev.cairn.Type;

import java.util.SplittableRandom;

/**
 * Makes the next action of a chain from the reference's state: an operation drawn by weight among
 * those that make sense now (a pop needs a live block, an outer-frame close needs two frames),
 * with arguments biased to boundaries (counts that fill the pool exactly or overflow it by one
 * byte, alignments around the current maximum, counts of 0, -1 and overflowing ones).
 *
 * <p>Deterministic: the same seed and the same states give the same actions.
 */
final class Generator implements Runner.Source {

    /** The most actions drawn once everything is closed: a few uses after close, then the chain ends. */
    private static final int CLOSED_ACTIONS_MAX = 3;

    private static final long[] ALIGNMENTS = {1, 2, 4, 8, 16, 32, 64, 4096, 3, 12, 0, -16};
    private static final long[] BOUND_MAXIMA = {32, 64, 128, 4096, 8192, 3};
    private static final long[] BOUNDARY_BYTES = {63, 64, 65, 127, 128, 129, 255, 256, 4095, 4096, 4097};
    private static final long[] LARGE_BYTES = {40_000, 70_000, 300_000};
    private static final long[] MEMORY_CAPS = {1, 1 << 16, 1 << 20, (1 << 20) + (1 << 18), 4 << 20};

    private final SplittableRandom random;
    private final Target target;
    private final Mask masked;
    private final int length;
    private static final Op[] OPS = Op.values();

    /** Each operation's weight before the state is read: 0 when the target or the mask rules it out. */
    private final int[] baseWeights = new int[OPS.length];
    private final int[] weights = new int[OPS.length];
    private int actionsAfterClose;
    private boolean capped;

    /**
     * @param seed   the chain's seed
     * @param target the target: only operations it accepts are drawn
     * @param masked what not to draw (already shown to violate on this target)
     * @param length the number of actions
     */
    Generator(long seed, Target target, Mask masked, int length) {
        this.random = new SplittableRandom(seed);
        this.target = target;
        this.masked = masked;
        this.length = length;
        for (Op op : OPS) {
            baseWeights[op.ordinal()] = target.accepts(op) && !masked.excludes(op) ? op.weight() : 0;
        }
    }

    /**
     * {@return how the chain's allocators are made}: mostly the default; on a target that can take
     * options, sometimes confined (GA-5) or with the target's memory capped (GA-7), the caps from
     * one byte (no chunk fits) to a few MiB. A capped chain never draws {@link Op#REF_VECTOR_APPEND}
     * or {@link Op#PUSH_OWNER} (several calls: a GA-7 on a later one would leave the first done) and sometimes
     * allocates large byte blocks, so that the cap is reached.
     */
    AllocatorOptions allocatorOptions() {
        int dice = random.nextInt(100);
        if (!target.configurable() || dice < 60) {
            return AllocatorOptions.DEFAULT;
        }
        boolean confined = dice < 75 || dice >= 90;
        if (dice < 75) {
            return new AllocatorOptions(true, Long.MAX_VALUE);
        }
        capped = true;
        baseWeights[Op.REF_VECTOR_APPEND.ordinal()] = 0;
        baseWeights[Op.PUSH_OWNER.ordinal()] = 0;
        return new AllocatorOptions(confined, MEMORY_CAPS[random.nextInt(MEMORY_CAPS.length)]);
    }

    /** {@return a pool capacity for the chain: small enough that exhaustion is common} */
    long poolByteCapacity() {
        long[] capacities = {64, 256, 1024, 4096};
        return capacities[random.nextInt(capacities.length)];
    }

    @Override
    public Action next(int index, Side state) {
        if (index >= length || allClosedFor(state) > CLOSED_ACTIONS_MAX) {
            return null;
        }
        return masked.apply(draw(state));
    }

    private Action draw(Side state) {
        Op op = drawOp(state);
        int type = random.nextInt(HarnessTypes.COUNT);
        int resizable = type % HarnessTypes.RESIZABLE_COUNT;
        return switch (op) {
            case PUSH, PUSH_RAW, PUSH_WRONG_THREAD -> new Action(op, type, poolCount(state, type), alignment(), ref());
            case PUSH_BYTES -> new Action(op, HarnessTypes.BYTE, poolCount(state, HarnessTypes.BYTE), alignment(), 0);
            case PUSH_OWNER -> new Action(op, 0, 1 + random.nextInt(4), 1, 0);
            case PUSH_BOUND -> new Action(op, type, smallCount(), 1L << (5 + random.nextInt(3)),
                    BOUND_MAXIMA[random.nextInt(BOUND_MAXIMA.length)]);
            case ALLOCATE, ALLOCATE_RAW, COUNTED -> new Action(op, type, allocatorCount(type), alignment(), ref());
            case ALLOCATE_GROWABLE -> new Action(op, resizable, allocatorCount(resizable), alignment(), ref());
            case ALLOCATE_BYTES -> new Action(op, HarnessTypes.BYTE, allocatorCount(HarnessTypes.BYTE), alignment(), 0);
            case ALLOCATE_MAX_ALIGN -> new Action(op, HarnessTypes.MAX_ALIGN, allocatorCount(HarnessTypes.MAX_ALIGN),
                    alignment(), 0);
            case ALLOCATE_NESTED_BOUND -> new Action(op, type, smallCount(), 1L << (4 + random.nextInt(4)),
                    BOUND_MAXIMA[random.nextInt(BOUND_MAXIMA.length)]);
            case ALLOCATE_NEW_TYPE -> new Action(op, 0, allocatorCount(0), alignment(), random.nextInt(NewTypes.COUNT));
            case RESIZE, RESIZE_FIXED -> new Action(op, 0, resizeCount(), 1, ref());
            case REF_VECTOR_NEW -> new Action(op, 0, smallCount(), 1, 0);
            case COUNTED_OTHER_THREAD -> new Action(op, 0, 1 + random.nextInt(2), 1, ref());
            case VECTOR_NEW -> new Action(op, resizable, random.nextInt(20) == 0 ? random.nextInt(2) - 1 : smallCount(), 1, 0);
            default -> new Action(op, 0, 1, 1, ref());
        };
    }

    /** {@return how many actions were drawn while both the pool and the allocator were closed} */
    private int allClosedFor(Side state) {
        boolean poolDone = !target.has(Op.World.POOL) || state.poolClosed();
        boolean allocatorDone = !target.has(Op.World.ALLOCATOR) || state.allocatorClosed();
        return poolDone && allocatorDone ? ++actionsAfterClose : 0;
    }

    /** What the weights depend on, read once per draw. */
    private record Counts(boolean poolClosed, boolean allocatorClosed, int stack, int frames, int closedFrames,
                          int blocks, int growable, int items, int deadItems, int vectors, int freedVectors) {
        static Counts of(Side state) {
            return new Counts(state.poolClosed(), state.allocatorClosed(), state.liveStackCount(), state.openFrameCount(),
                    state.closedFrameCount(), state.liveBlockCount(), state.growableCount(), state.liveItemCount(),
                    state.deadItemCount(), state.liveVectorCount(), state.freedVectorCount());
        }
    }

    private Op drawOp(Side state) {
        Counts counts = Counts.of(state);
        int total = 0;
        for (Op op : OPS) {
            int base = baseWeights[op.ordinal()];
            int weight = base == 0 ? 0 : base * enabled(op, counts);
            weights[op.ordinal()] = weight;
            total += weight;
        }
        if (total == 0) {
            return Op.POOL_CLOSE;
        }
        int draw = random.nextInt(total);
        for (Op op : OPS) {
            draw -= weights[op.ordinal()];
            if (draw < 0) {
                return op;
            }
        }
        throw new AssertionError("draw=" + draw + " beyond total=" + total);
    }

    /** {@return 0 if {@code op} makes no sense in this state, else a weight factor} */
    private static int enabled(Op op, Counts state) {
        if (op.world() == Op.World.POOL && state.poolClosed()) {
            return op == Op.PUSH || op == Op.MARK ? 1 : 0;
        }
        if (op.world() == Op.World.ALLOCATOR && state.allocatorClosed()) {
            return op == Op.ALLOCATE || op == Op.FREE_FOREIGN ? 1 : 0;
        }
        return switch (op) {
            case POP_TOP, POP_SLICE -> has(state.stack() > 0);
            case POP_NOT_TOP -> has(state.stack() > 1);
            case CLOSE_FRAME -> has(state.frames() > 0) * 2;
            case CLOSE_OUTER_FRAME -> has(state.frames() > 1 || state.closedFrames() > 0);
            case FREE, FREE_TWICE, FREE_SLICE, FREE_OTHER_THREAD -> has(state.blocks() > 0);
            case RESIZE -> has(state.growable() > 0);
            case RESIZE_FIXED -> has(state.blocks() > state.growable());
            case RETAIN, RELEASE, COUNTED_OTHER_THREAD, COUNTED_CONCURRENT -> has(state.items() > 0);
            case RESIZE_POOL_BLOCK -> has(state.stack() > 0);
            case RETAIN_DEAD, RELEASE_DEAD, ITEM_DEAD -> has(state.deadItems() > 0);
            case VECTOR_APPEND, VECTOR_REMOVE_LAST, VECTOR_FREE, VECTOR_GET_OUT_OF_RANGE, REF_VECTOR_APPEND ->
                    has(state.vectors() > 0);
            case VECTOR_USE_AFTER_FREE -> has(state.freedVectors() > 0);
            default -> 1;
        };
    }

    private static int has(boolean condition) {
        return condition ? 1 : 0;
    }

    private long ref() {
        return random.nextInt(8);
    }

    private long smallCount() {
        return 1 + random.nextInt(8);
    }

    private long alignment() {
        return random.nextInt(10) < 7 ? 1 : ALIGNMENTS[random.nextInt(ALIGNMENTS.length)];
    }

    private long badCount(long byteSize) {
        long[] bad = {0, -1, Long.MAX_VALUE, Type.BLOCK_BYTE_SIZE_MAX / byteSize + 1};
        return bad[random.nextInt(bad.length)];
    }

    /** A count for a push: often exactly what is left, or one element more. */
    private long poolCount(Side state, int type) {
        long byteSize = HarnessTypes.byteSize(type);
        int dice = random.nextInt(100);
        long free = state.poolFree();
        if (dice < 12 && free > 0) {
            return Math.max(1, free / byteSize);
        }
        if (dice < 20 && free >= 0) {
            return free / byteSize + 1;
        }
        if (dice < 25) {
            return badCount(byteSize);
        }
        if (dice < 32) {
            return Math.max(1, BOUNDARY_BYTES[random.nextInt(BOUNDARY_BYTES.length)] / byteSize);
        }
        return smallCount();
    }

    private long allocatorCount(int type) {
        long byteSize = HarnessTypes.byteSize(type);
        int dice = random.nextInt(100);
        if (dice < 5) {
            return badCount(byteSize);
        }
        if (capped && dice < 9) {
            return Math.max(1, LARGE_BYTES[random.nextInt(LARGE_BYTES.length)] / byteSize);
        }
        if (dice < 20) {
            return Math.max(1, BOUNDARY_BYTES[random.nextInt(BOUNDARY_BYTES.length)] / byteSize);
        }
        return smallCount();
    }

    private long resizeCount() {
        int dice = random.nextInt(100);
        if (dice < 5) {
            return random.nextBoolean() ? 0 : -1;
        }
        return dice < 30 ? 1 + random.nextInt(2) : 1 + random.nextInt(40);
    }
}
