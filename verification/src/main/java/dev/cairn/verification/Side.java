package dev.cairn.verification;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.Freer;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.MaxAlign;
import dev.cairn.RefCounted;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One side of a run: a target's pool and allocator, the handles the chain made on them, the
 * destructor log, and the checks that need no reference (alignment, zero fill, sizes, no overlap,
 * contents intact, no change after a rejected call). The runner applies each action to two sides,
 * the reference model's and the target's, and compares their outcomes and {@link State}s.
 *
 * <p>Handles are kept in creation order; actions name them relative to that order (see {@link
 * Action}), so both sides pick the same handle as long as they agreed so far.
 */
final class Side implements AutoCloseable {

    /** The observable state compared after every step, and before and after every rejected call. */
    record State(boolean poolClosed, long top, long poolLive, long frames,
                 boolean allocatorClosed, long allocatorLive, long allocatorBytes, long countSum) {
    }

    /** A pool block (or an item a vector refers to); {@code children}: the blocks its elements own (DS-3), or null. */
    private record Pushed(MemorySegment block, int type, long count, long id, List<Pushed> children) {
        Pushed(MemorySegment block, int type, long count, long id) {
            this(block, type, count, id, null);
        }
    }

    private record Block(MemorySegment block, int type, long count, long id, boolean growable, long byteAlignment) {
    }

    private record Item(RefCounted handle, int type, long count, long id) {
    }

    /** A vector; {@code referents} is null for a vector of values, else the items its references own. */
    private record Vec(Vector vector, int type, long id, long elementByteSize, List<Pushed> referents) {
    }

    private record OpenFrame(StackPool.Frame frame, int liveAtMark) {
    }

    /** How many retains, then as many releases, each thread does in {@link Op#COUNTED_CONCURRENT}. */
    static final int CONCURRENT_ROUNDS = 200;

    final Target target;
    final EventLog log = new EventLog();
    private final HarnessTypes types = new HarnessTypes(log);
    private final OtherThread otherThread;
    private Arena foreignArena;
    private final StackPool pool;
    private final GeneralAllocator allocator;
    private final ArrayList<Pushed> stack = new ArrayList<>();
    private final ArrayList<OpenFrame> frames = new ArrayList<>();
    private final ArrayList<StackPool.Frame> closedFrames = new ArrayList<>();
    private final ArrayList<Block> blocks = new ArrayList<>();
    private final ArrayList<Item> items = new ArrayList<>();
    private final ArrayList<RefCounted> deadItems = new ArrayList<>();
    private final ArrayList<Vec> vectors = new ArrayList<>();
    private final ArrayList<Vector> freedVectors = new ArrayList<>();
    private Type referentType;
    private Type ownerType;
    private long nextBlockId = 1;
    private long poolBase = -1;
    private Violation problem;
    private int step;
    private int notes;
    private Throwable lastThrown;
    private DestructorFailure destructorFailure;
    private State observed;

    /**
     * @param target           the target whose pool and allocator this side uses
     * @param worlds           the target whose worlds are used: the subject, for both sides,
     *                         so that the reference makes no allocator when the subject has none
     * @param poolByteCapacity the capacity of the pool
     * @param options          how to make the allocator
     * @param otherThread      the thread for wrong-thread actions
     */
    Side(Target target, Target worlds, long poolByteCapacity, AllocatorOptions options, OtherThread otherThread) {
        this.target = target;
        this.otherThread = otherThread;
        this.pool = worlds.has(Op.World.POOL) ? target.stackPools().apply(poolByteCapacity) : null;
        this.allocator = worlds.has(Op.World.ALLOCATOR) ? target.allocator(options) : null;
    }

    /** {@return the interesting states reached since the last call, as a bit set by ordinal} */
    int takeNotes() {
        int taken = notes;
        notes = 0;
        return taken;
    }

    private void note(Interesting reached) {
        notes |= 1 << reached.ordinal();
    }

    /** {@return what the last action threw, or null} */
    Throwable lastThrown() {
        return lastThrown;
    }

    /** {@return the first failed check of this side, or null} */
    Violation problem() {
        return problem;
    }

    int liveStackCount() {
        return stack.size();
    }

    int openFrameCount() {
        return frames.size();
    }

    int closedFrameCount() {
        return closedFrames.size();
    }

    int liveBlockCount() {
        return blocks.size();
    }

    int growableCount() {
        int count = 0;
        for (Block block : blocks) {
            count += block.growable ? 1 : 0;
        }
        return count;
    }

    int liveItemCount() {
        return items.size();
    }

    int deadItemCount() {
        return deadItems.size();
    }

    int liveVectorCount() {
        return vectors.size();
    }

    int freedVectorCount() {
        return freedVectors.size();
    }

    long poolFree() {
        try {
            return pool == null ? 0 : pool.byteCapacity() - pool.top();
        } catch (RuntimeException thrown) {
            return pool.byteCapacity() + 1;
        }
    }

    boolean poolClosed() {
        try {
            return pool == null || pool.isClosed();
        } catch (RuntimeException thrown) {
            return true;
        }
    }

    boolean allocatorClosed() {
        try {
            return allocator == null || allocator.isClosed();
        } catch (RuntimeException thrown) {
            return true;
        }
    }

    /**
     * Applies one action and runs this side's own checks on it.
     *
     * @param action the action
     * @param index  its index in the chain, for violations
     * @return what it did
     */
    Outcome apply(Action action, int index) {
        step = index;
        lastThrown = null;
        destructorFailure = null;
        State before = observed != null ? observed : state();
        observed = null;
        try {
            Outcome outcome = dispatch(action);
            return destructorFailure == null ? outcome : Outcome.thrown(destructorFailure, Outcome.laterFailureCount(destructorFailure));
        } catch (RuntimeException | AssertionError thrown) {
            lastThrown = thrown;
            checkRejected(action, thrown, before);
            return Outcome.thrown(thrown);
        }
    }

    /**
     * Runs a call that may run destructors: a {@link DestructorFailure} means the call completed
     * (DS-4), so it is kept for the outcome and the bookkeeping goes on.
     *
     * @return what the call returned, or {@code ifFailed} when a destructor threw
     */
    private <T> T completing(Supplier<T> call, T ifFailed) {
        try {
            return call.get();
        } catch (DestructorFailure failure) {
            destructorFailure = failure;
            return ifFailed;
        }
    }

    private void completing(Runnable call) {
        completing(() -> {
            call.run();
            return null;
        }, null);
    }

    private Outcome dispatch(Action action) {
        return switch (action.op()) {
            case PUSH, PUSH_RAW, PUSH_BYTES, PUSH_BOUND, PUSH_WRONG_THREAD, PUSH_OWNER -> push(action);
            case POP_TOP -> stack.isEmpty() ? Outcome.SKIPPED : pop(stack.size() - 1);
            case POP_NOT_TOP -> stack.size() < 2 ? Outcome.SKIPPED
                    : pop(stack.size() - 2 - (int) Math.floorMod(action.ref(), (long) stack.size() - 1));
            case POP_SLICE -> stack.isEmpty() ? Outcome.SKIPPED : popSlice();
            case MARK -> mark();
            case CLOSE_FRAME -> frames.isEmpty() ? Outcome.SKIPPED : closeFrame(frames.size() - 1);
            case CLOSE_OUTER_FRAME -> closeOuterFrame(action.ref());
            case POOL_CLOSE -> closePool();
            case ALLOCATE, ALLOCATE_GROWABLE, ALLOCATE_BYTES, ALLOCATE_RAW, ALLOCATE_MAX_ALIGN, ALLOCATE_NESTED_BOUND,
                 ALLOCATE_NEW_TYPE -> allocate(action);
            case RESIZE_POOL_BLOCK -> stack.isEmpty() || allocator == null ? Outcome.SKIPPED : resizePoolBlock(action);
            case FREE, FREE_TWICE, FREE_OTHER_THREAD -> blocks.isEmpty() ? Outcome.SKIPPED : free(action);
            case FREE_SLICE -> blocks.isEmpty() ? Outcome.SKIPPED
                    : freeSegment(slice(pick(blocks, action.ref()).block));
            case FREE_FOREIGN -> freeSegment((action.ref() & 1) == 0 ? MemorySegment.ofArray(new long[4]) : foreignNative());
            case RESIZE, RESIZE_FIXED -> resize(action);
            case COUNTED -> counted(action);
            case RETAIN, RELEASE, COUNTED_OTHER_THREAD -> items.isEmpty() ? Outcome.SKIPPED : count(action);
            case COUNTED_CONCURRENT -> items.isEmpty() ? Outcome.SKIPPED : countConcurrently(action);
            case RETAIN_DEAD, RELEASE_DEAD, ITEM_DEAD -> deadItems.isEmpty() ? Outcome.SKIPPED : countDead(action);
            case ALLOCATOR_CLOSE -> closeAllocator();
            case VECTOR_NEW -> newVector(action);
            case REF_VECTOR_NEW -> newReferenceVector(action);
            case REF_VECTOR_APPEND -> vectors.isEmpty() ? Outcome.SKIPPED : appendReference(action);
            case VECTOR_APPEND, VECTOR_REMOVE_LAST, VECTOR_FREE, VECTOR_GET_OUT_OF_RANGE ->
                    vectors.isEmpty() ? Outcome.SKIPPED : onVector(action);
            case VECTOR_USE_AFTER_FREE -> freedVectors.isEmpty() ? Outcome.SKIPPED
                    : Outcome.ok(pick(freedVectors, action.ref()).append().byteSize());
        };
    }

    // ---------------------------------------------------------------- stack pool

    private Outcome push(Action action) {
        boolean owner = action.op() == Op.PUSH_OWNER;
        if (pool == null || owner && allocatorClosed()) {
            return Outcome.SKIPPED;
        }
        int typeIndex = action.op() == Op.PUSH_BYTES || owner ? HarnessTypes.BYTE : action.type();
        Type type = owner ? ownerType() : types.get(typeIndex);
        long topBefore = pool.top();
        MemorySegment block = switch (action.op()) {
            case PUSH, PUSH_OWNER -> pool.push(type, action.count(), action.byteAlignment());
            case PUSH_RAW -> pool.pushUninitialized(type, action.count(), action.byteAlignment());
            case PUSH_BYTES -> pool.allocate(action.count(), action.byteAlignment());
            case PUSH_BOUND -> AlignmentContext.call(action.ref(), () -> pool.push(type, action.count(), action.byteAlignment()));
            default -> otherThread.call(() -> pool.push(type, action.count(), action.byteAlignment()));
        };
        long effective = Math.max(type.byteAlignment(), action.byteAlignment());
        long top = pool.top();
        long offset = top - block.byteSize();
        check(block.byteSize() == action.count() * type.byteSize(), Clause.TY_2, () ->
                "pushed byteSize=" + block.byteSize() + " but count=" + action.count() + " x byteSize=" + type.byteSize());
        check(offset == alignUp(topBefore, effective), Clause.SP_2, () -> "pushed block ends at top=" + top + ", so offset="
                + offset + ", but alignUp(top=" + topBefore + ", " + effective + ")=" + alignUp(topBefore, effective));
        check(block.address() % effective == 0, Clause.SP_2, () ->
                "pushed address=" + block.address() + " is not a multiple of effectiveAlignment=" + effective);
        if (poolBase < 0) {
            poolBase = block.address() - offset;
        }
        check(block.address() - poolBase == offset, Clause.SP_2, () ->
                "pushed address=" + block.address() + " is not base + offset=" + offset + " (base=" + poolBase + ")");
        if (action.op() != Op.PUSH_RAW) {
            checkZero(block, Clause.SP_2);
        }
        long id = nextBlockId++;
        tag(block, typeIndex, id, 0, action.count());
        stack.add(new Pushed(block, typeIndex, action.count(), id, owner ? ownChildren(block, action.count()) : null));
        if (top == pool.byteCapacity()) {
            note(Interesting.FULL_POOL);
        }
        return Outcome.ok(top);
    }

    /**
     * The type of {@link Op#PUSH_OWNER}'s elements: an address whose destructor frees the block it
     * points to through this side's allocator's freer (DS-3: a destructor calls back into a general
     * allocator), unless the allocator was closed first (its close destroyed that block already).
     */
    private Type ownerType() {
        if (ownerType == null) {
            Freer freer = allocator.freer();
            ownerType = Type.of("owner", ValueLayout.ADDRESS).withDestructor(element -> {
                MemorySegment child = element.get(ValueLayout.ADDRESS, 0);
                if (child.address() != 0 && !allocator.isClosed()) {
                    freer.free(child);
                }
            });
        }
        return ownerType;
    }

    /** Allocates a tagged block for each element of an owner block and stores its address there. */
    private List<Pushed> ownChildren(MemorySegment block, long count) {
        List<Pushed> children = new ArrayList<>();
        Type childType = types.get(1);
        for (long index = 0; index < count; index++) {
            MemorySegment child = allocator.allocate(childType, 1);
            long id = nextBlockId++;
            tag(child, 1, id, 0, 1);
            block.setAtIndex(ValueLayout.ADDRESS, index, child);
            children.add(new Pushed(child, 1, 1, id));
        }
        return children;
    }

    private Outcome pop(int index) {
        Pushed pushed = stack.get(index);
        completing(() -> pool.pop(pushed.block));
        stack.remove(index);
        noteEmptyPool();
        return Outcome.ok(pool.top());
    }

    private Outcome popSlice() {
        pool.pop(slice(stack.getLast().block));
        stack.removeLast();
        return Outcome.ok(pool.top());
    }

    private Outcome mark() {
        if (pool == null) {
            return Outcome.SKIPPED;
        }
        StackPool.Frame frame = pool.mark();
        check(frame.markedTop() == pool.top(), Clause.SP_6, () -> "markedTop=" + frame.markedTop() + " but top=" + pool.top());
        frames.add(new OpenFrame(frame, stack.size()));
        if (frames.size() >= 2) {
            note(Interesting.NESTED_FRAMES);
        }
        return Outcome.ok(frame.markedTop());
    }

    private Outcome closeFrame(int index) {
        OpenFrame open = frames.get(index);
        completing(open.frame::close);
        frames.remove(index);
        closedFrames.add(open.frame);
        while (stack.size() > open.liveAtMark) {
            stack.removeLast();
        }
        noteEmptyPool();
        check(pool.top() == open.frame.markedTop(), Clause.SP_6, () ->
                "after the frame closed top=" + pool.top() + " but markedTop=" + open.frame.markedTop());
        return Outcome.ok(pool.top());
    }

    private Outcome closeOuterFrame(long ref) {
        if (frames.size() >= 2) {
            return closeFrame(frames.size() - 2 - (int) Math.floorMod(ref, (long) frames.size() - 1));
        }
        if (closedFrames.isEmpty()) {
            return Outcome.SKIPPED;
        }
        pick(closedFrames, ref).close();
        return Outcome.ok(pool.top());
    }

    private long stackByteSize() {
        long sum = 0;
        for (Pushed pushed : stack) {
            sum += pushed.block.byteSize();
        }
        return sum;
    }

    private Outcome closePool() {
        if (pool == null) {
            return Outcome.SKIPPED;
        }
        LeakReport report = completing(pool::closeAndReport, null);
        checkGuards();
        long expectedBytes = stackByteSize();
        check(report == null || report.blockCount() == stack.size() && report.byteSize() == expectedBytes, Clause.SP_8, () ->
                "leak report blockCount=" + report.blockCount() + " byteSize=" + report.byteSize()
                        + " but live blocks=" + stack.size() + " byteSize=" + expectedBytes);
        if (report == null || !report.isEmpty()) {
            note(Interesting.LEAKS_AT_CLOSE);
        }
        stack.clear();
        frames.clear();
        return Outcome.ok(report == null ? -1 : report.blockCount());
    }

    // ---------------------------------------------------------------- general allocator

    private Outcome allocate(Action action) {
        if (allocator == null) {
            return Outcome.SKIPPED;
        }
        int typeIndex = switch (action.op()) {
            case ALLOCATE_BYTES, ALLOCATE_NEW_TYPE -> HarnessTypes.BYTE;
            case ALLOCATE_MAX_ALIGN -> HarnessTypes.MAX_ALIGN;
            default -> action.type();
        };
        Type type = action.op() == Op.ALLOCATE_NEW_TYPE ? NewTypes.of(action.ref()) : types.get(typeIndex);
        MemorySegment block = switch (action.op()) {
            case ALLOCATE, ALLOCATE_MAX_ALIGN, ALLOCATE_NEW_TYPE -> allocator.allocate(type, action.count(), action.byteAlignment());
            case ALLOCATE_GROWABLE -> allocator.allocateGrowable(type, action.count(), action.byteAlignment());
            case ALLOCATE_BYTES -> allocator.allocate(action.count(), action.byteAlignment());
            case ALLOCATE_NESTED_BOUND -> allocateNestedBound(type, action);
            default -> allocator.allocateUninitialized(type, action.count(), action.byteAlignment());
        };
        long effective = Math.max(type.byteAlignment(), action.byteAlignment());
        checkNewBlock(block, type, action.count(), effective, action.op() != Op.ALLOCATE_RAW, Clause.GA_1);
        if (typeIndex == HarnessTypes.MAX_ALIGN) {
            check(block.address() % MaxAlign.BYTE_ALIGNMENT == 0 && block.byteSize() == action.count() * MaxAlign.LAYOUT.byteSize(),
                    Clause.MA_2, () -> "max_align_t block address=" + block.address() + " byteSize=" + block.byteSize()
                            + " for count=" + action.count());
        }
        long id = nextBlockId++;
        tag(block, typeIndex, id, 0, action.count());
        blocks.add(new Block(block, typeIndex, action.count(), id, action.op() == Op.ALLOCATE_GROWABLE, effective));
        return Outcome.ok(block.byteSize());
    }

    /**
     * Allocates inside two nested bindings (AC-1, AC-2): {@code ref} inner, the ceiling or 32 outer.
     * Checks what {@link AlignmentContext#current()} is at each depth and after (unbound again).
     */
    private MemorySegment allocateNestedBound(Type type, Action action) {
        long inner = action.ref();
        long outer = inner <= 64 ? AlignmentContext.CEILING_BYTE_ALIGNMENT : 32;
        MemorySegment block = AlignmentContext.call(outer, () -> {
            long atOuter = AlignmentContext.current();
            check(atOuter == outer, Clause.AC_1, () -> "current()=" + atOuter + " inside a binding of " + outer);
            return AlignmentContext.call(inner, () -> {
                long atInner = AlignmentContext.current();
                check(atInner == inner, Clause.AC_1, () -> "current()=" + atInner + " inside a binding of " + inner
                        + " nested in " + outer);
                return allocator.allocate(type, action.count(), action.byteAlignment());
            });
        });
        long unbound = AlignmentContext.current();
        check(unbound == MaxAlign.BYTE_ALIGNMENT, Clause.AC_1, () -> "current()=" + unbound
                + " after the bindings ended, but MaxAlign's is " + MaxAlign.BYTE_ALIGNMENT);
        return block;
    }

    /** Resizes or frees a live pool block through the general allocator: there is no such API (SP-5). */
    private Outcome resizePoolBlock(Action action) {
        MemorySegment block = pick(stack, action.ref() >> 1).block;
        if ((action.ref() & 1) == 0) {
            allocator.resize(block, action.count());
        } else {
            allocator.free(block);
        }
        return Outcome.ok(pool.top());
    }

    private Outcome free(Action action) {
        int index = (int) Math.floorMod(action.ref(), (long) blocks.size());
        Block block = blocks.get(index);
        if (action.op() == Op.FREE_OTHER_THREAD) {
            completing(() -> otherThread.call(() -> {
                allocator.free(block.block);
                return null;
            }));
        } else {
            completing(() -> allocator.free(block.block));
        }
        blocks.remove(index);
        if (allocator.liveBlockCount() == 0) {
            note(Interesting.EMPTY_ALLOCATOR);
        }
        if (action.op() == Op.FREE_TWICE) {
            State freed = state();
            try {
                allocator.free(block.block);
            } catch (RuntimeException | AssertionError second) {
                check(state().equals(freed), Clause.ER_1, () -> "the second free was rejected but changed the state");
                throw second;
            }
        }
        return Outcome.ok(allocator.liveBlockCount());
    }

    /** {@return native memory of an arena of the harness's own: no allocator's block} */
    private MemorySegment foreignNative() {
        if (foreignArena == null) {
            foreignArena = Arena.ofConfined();
        }
        return foreignArena.allocate(64, 16);
    }

    private Outcome freeSegment(MemorySegment segment) {
        if (allocator == null) {
            return Outcome.SKIPPED;
        }
        allocator.free(segment);
        return Outcome.ok(allocator.liveBlockCount());
    }

    private Outcome resize(Action action) {
        List<Block> candidates = new ArrayList<>();
        for (Block block : blocks) {
            if (block.growable == (action.op() == Op.RESIZE)) {
                candidates.add(block);
            }
        }
        if (candidates.isEmpty()) {
            return Outcome.SKIPPED;
        }
        Block old = pick(candidates, action.ref());
        Type type = types.get(old.type);
        MemorySegment resized = allocator.resize(old.block, action.count());
        long kept = Math.min(old.count, action.count());
        check(resized.byteSize() == action.count() * type.byteSize(), Clause.GA_3, () -> "resized byteSize=" + resized.byteSize()
                + " but count=" + action.count() + " x byteSize=" + type.byteSize());
        check(resized.address() % old.byteAlignment == 0, Clause.GA_3, () -> "resized address=" + resized.address()
                + " lost effectiveAlignment=" + old.byteAlignment);
        if (HarnessTypes.isTagged(old.type)) {
            long wrong = HarnessTypes.firstWrongTag(resized, type.byteSize(), old.id, kept);
            check(wrong < 0, Clause.GA_3, () -> "element index=" + wrong + " of block" + old.id + " changed by resize");
        }
        if (action.count() > old.count) {
            checkZero(resized.asSlice(kept * type.byteSize()), Clause.GA_3);
        }
        tag(resized, old.type, old.id, kept, action.count());
        if (action.count() != old.count) {
            note(action.count() > old.count ? Interesting.GROWTH : Interesting.SHRINK);
        }
        blocks.set(blocks.indexOf(old), new Block(resized, old.type, action.count(), old.id, true, old.byteAlignment));
        return Outcome.ok(resized.byteSize());
    }

    private Outcome counted(Action action) {
        if (allocator == null) {
            return Outcome.SKIPPED;
        }
        Type type = types.get(action.type());
        CountMode mode = (action.ref() & 1) == 0 ? CountMode.ATOMIC : CountMode.CONFINED;
        RefCounted handle = allocator.allocateCounted(type, action.count(), action.byteAlignment(), mode);
        long effective = Math.max(type.byteAlignment(), action.byteAlignment());
        check(handle.count() == 1 && handle.isLive(), Clause.RC_1, () -> "new item count=" + handle.count() + " isLive=" + handle.isLive());
        check(handle.mode() == mode && handle.type() == type && handle.elementCount() == action.count(), Clause.RC_1, () ->
                "new item mode=" + handle.mode() + " elementCount=" + handle.elementCount() + " type=" + handle.type().name());
        checkNewBlock(handle.item(), type, action.count(), effective, true, Clause.RC_1);
        long id = nextBlockId++;
        tag(handle.item(), action.type(), id, 0, action.count());
        items.add(new Item(handle, action.type(), action.count(), id));
        return Outcome.ok(handle.count());
    }

    private Outcome count(Action action) {
        int index = (int) Math.floorMod(action.ref(), (long) items.size());
        Item item = items.get(index);
        long before = item.handle.count();
        boolean elsewhere = action.op() == Op.COUNTED_OTHER_THREAD;
        switch (action.op()) {
            case RETAIN -> item.handle.retain();
            case COUNTED_OTHER_THREAD, RELEASE -> {
                if (elsewhere && action.count() != 2) {
                    otherThread.call(() -> {
                        item.handle.retain();
                        return null;
                    });
                    break;
                }
                checkItemTags(item);
                boolean destroyed = elsewhere ? completing(() -> otherThread.call(item.handle::release), true)
                        : completing(item.handle::release, true);
                check(destroyed == (before == 1), Clause.RC_3, () -> "release at count=" + before + " returned destroyed=" + destroyed);
                if (destroyed) {
                    note(Interesting.COUNT_ONE_TO_ZERO);
                    items.remove(index);
                    deadItems.add(item.handle);
                    check(!item.handle.isLive() && item.handle.count() == 0, Clause.RC_4, () ->
                            "after the last release isLive=" + item.handle.isLive() + " count=" + item.handle.count());
                    return Outcome.ok(0);
                }
                check(item.handle.count() == before - 1, Clause.RC_4, () -> "release at count=" + before + " left count=" + item.handle.count());
                return Outcome.ok(item.handle.count());
            }
            default -> throw new IllegalArgumentException("op=" + action.op() + " is not a count operation");
        }
        check(item.handle.count() == before + 1, Clause.RC_4, () -> "retain at count=" + before + " left count=" + item.handle.count());
        return Outcome.ok(item.handle.count());
    }

    /**
     * Retains and releases an item {@link #CONCURRENT_ROUNDS} times on this thread while the other
     * thread does the same (RC-6): an atomic count comes back to where it was; a confined one
     * refuses the other thread, and this thread's rounds cancel out, so nothing changed.
     */
    private Outcome countConcurrently(Action action) {
        Item item = pick(items, action.ref());
        long before = item.handle.count();
        otherThread.start(() -> {
            retainAndRelease(item.handle);
            return null;
        });
        RuntimeException here = null;
        try {
            retainAndRelease(item.handle);
        } catch (RuntimeException thrown) {
            here = thrown;
        }
        RuntimeException there = null;
        try {
            otherThread.await();
        } catch (RuntimeException thrown) {
            there = thrown;
        }
        long after = item.handle.isLive() ? item.handle.count() : 0;
        check(after == before, Clause.RC_4, () -> "count=" + before + " became count=" + after + " after up to "
                + CONCURRENT_ROUNDS + " retains, then as many releases, on each of two threads");
        if (here != null || there != null) {
            throw here != null ? here : there;
        }
        return Outcome.ok(after);
    }

    private static void retainAndRelease(RefCounted handle) {
        for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
            handle.retain();
        }
        for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
            handle.release();
        }
    }

    private Outcome countDead(Action action) {
        RefCounted dead = pick(deadItems, action.ref());
        switch (action.op()) {
            case RETAIN_DEAD -> dead.retain();
            case RELEASE_DEAD -> dead.release();
            default -> dead.item();
        }
        return Outcome.ok(dead.count());
    }

    // ---------------------------------------------------------------- vector

    private Outcome newVector(Action action) {
        if (allocator == null) {
            return Outcome.SKIPPED;
        }
        Vector vector = allocator.newVector(types.get(action.type()), action.count());
        check(vector.size() == 0 && vector.capacity() >= action.count(), Clause.VE_1, () ->
                "new vector size=" + vector.size() + " capacity=" + vector.capacity() + " for initialCapacity=" + action.count());
        vectors.add(new Vec(vector, action.type(), nextBlockId++, types.get(action.type()).byteSize(), null));
        return Outcome.ok(vector.size());
    }

    /** A vector of references to items of this allocator, freed by the allocator's freer (DS-5). */
    private Outcome newReferenceVector(Action action) {
        if (allocator == null) {
            return Outcome.SKIPPED;
        }
        if (referentType == null) {
            referentType = types.get(1).withFreer(allocator.freer());
        }
        Vector vector = allocator.newVector(Type.referenceTo(referentType), action.count());
        vectors.add(new Vec(vector, -1, nextBlockId++, ValueLayout.ADDRESS.byteSize(), new ArrayList<>()));
        return Outcome.ok(vector.size());
    }

    private Outcome appendReference(Action action) {
        List<Vec> candidates = new ArrayList<>();
        for (Vec vec : vectors) {
            if (vec.referents != null) {
                candidates.add(vec);
            }
        }
        if (candidates.isEmpty()) {
            return Outcome.SKIPPED;
        }
        Vec vec = pick(candidates, action.ref());
        MemorySegment item = allocator.allocate(referentType, 1);
        long id = nextBlockId++;
        HarnessTypes.writeTags(item, referentType.byteSize(), id, 0, 1);
        vec.referents.add(new Pushed(item, 1, 1, id));
        MemorySegment element = vec.vector.append();
        element.set(ValueLayout.ADDRESS, 0, item);
        return Outcome.ok(vec.vector.size());
    }

    private Outcome onVector(Action action) {
        int index = (int) Math.floorMod(action.ref(), (long) vectors.size());
        Vec vec = vectors.get(index);
        Vector vector = vec.vector;
        long size = vector.size();
        switch (action.op()) {
            case VECTOR_APPEND -> {
                MemorySegment element = vector.append();
                if (vec.referents != null) {
                    vec.referents.add(null);
                }
                checkZero(element, Clause.VE_1);
                if (HarnessTypes.isTagged(vec.type)) {
                    element.set(ValueLayout.JAVA_LONG, 0, HarnessTypes.tag(vec.id, size));
                }
            }
            case VECTOR_REMOVE_LAST -> {
                completing(vector::removeLast);
                orphanLastReferent(vec, size);
            }
            case VECTOR_GET_OUT_OF_RANGE -> vector.get(size);
            default -> {
                completing(vector::free);
                if (vec.referents != null) {
                    vec.referents.clear();
                }
                vectors.remove(index);
                freedVectors.add(vector);
                return Outcome.ok(0);
            }
        }
        return Outcome.ok(vector.size());
    }

    /** {@return the items owned by live vectors of references: freed with them, not leaks of their own} */
    private long ownedReferents() {
        long owned = 0;
        for (Vec vec : vectors) {
            for (Pushed referent : vec.referents == null ? List.<Pushed>of() : vec.referents) {
                owned += referent == null ? 0 : 1;
            }
        }
        return owned;
    }

    /**
     * After removeLast on a vector of references, the harness stops checking the item the last
     * element pointed to: whether removeLast frees it is left to the model (see the report).
     */
    private void orphanLastReferent(Vec vec, long sizeBefore) {
        if (vec.referents != null && vec.vector.size() == sizeBefore - 1 && !vec.referents.isEmpty()) {
            vec.referents.removeLast();
        }
    }

    private void checkVectorTags(Vec vec) {
        if (vec.referents != null) {
            for (Pushed referent : vec.referents) {
                if (referent != null) {
                    checkTags(referent.block, referent.type, referent.id, 1, Clause.DS_5);
                }
            }
            return;
        }
        if (!HarnessTypes.isTagged(vec.type)) {
            return;
        }
        for (long index = 0; index < vec.vector.size(); index++) {
            long tag = vec.vector.get(index).get(ValueLayout.JAVA_LONG, 0);
            long expected = HarnessTypes.tag(vec.id, index);
            long at = index;
            check(tag == expected, Clause.VE_1, () -> "element index=" + at + " of vector" + vec.id + " holds tag=" + tag);
        }
    }

    private long vectorCapacityBytes() {
        long sum = 0;
        for (Vec vec : vectors) {
            sum += vec.vector.capacity() * vec.elementByteSize;
        }
        return sum;
    }

    private Outcome closeAllocator() {
        if (allocator == null) {
            return Outcome.SKIPPED;
        }
        long expectedBlocks = allocator.liveBlockCount() - ownedReferents();
        LeakReport report = completing(allocator::closeAndReport, null);
        check(report == null || report.blockCount() == expectedBlocks, Clause.GA_6, () ->
                "leak report blockCount=" + report.blockCount() + " but liveBlockCount()=" + expectedBlocks
                        + " before the close, items owned by vectors of references left out");
        if (report == null || !report.isEmpty()) {
            note(Interesting.LEAKS_AT_CLOSE);
        }
        blocks.clear();
        items.clear();
        freedVectors.addAll(vectors.stream().map(Vec::vector).toList());
        vectors.clear();
        return Outcome.ok(report == null ? -1 : report.blockCount());
    }

    private void noteEmptyPool() {
        if (stack.isEmpty()) {
            note(Interesting.EMPTY_POOL);
        }
    }

    // ---------------------------------------------------------------- checks

    /** Checks that every live tagged block still holds its tags (ER-2: no corruption). */
    void checkContents() {
        checkGuards();
        boolean childrenLive = !allocatorClosed();
        for (Pushed pushed : stack) {
            checkTags(pushed.block, pushed.type, pushed.id, pushed.count, Clause.ER_2);
            for (Pushed child : pushed.children == null || !childrenLive ? List.<Pushed>of() : pushed.children) {
                checkTags(child.block, child.type, child.id, 1, Clause.DS_3);
            }
        }
        for (Block block : blocks) {
            checkTags(block.block, block.type, block.id, block.count, Clause.ER_2);
        }
        for (Item item : items) {
            checkItemTags(item);
        }
        for (Vec vec : vectors) {
            checkVectorTags(vec);
        }
    }

    /** On application-supplied memory (SP-1): nothing written outside it. */
    private void checkGuards() {
        if (pool instanceof GuardedPool guarded) {
            String guardProblem = guarded.problem();
            check(guardProblem == null, Clause.SP_1, () -> guardProblem);
        }
    }

    private void checkItemTags(Item item) {
        checkTags(item.handle.item(), item.type, item.id, item.count, Clause.ER_2);
    }

    private void checkTags(MemorySegment block, int type, long id, long count, Clause clause) {
        if (HarnessTypes.isTagged(type)) {
            long wrong = HarnessTypes.firstWrongTag(block, types.get(type).byteSize(), id, count);
            check(wrong < 0, clause, () -> "element index=" + wrong + " of live block" + id + " was overwritten");
        }
    }

    private void checkNewBlock(MemorySegment block, Type type, long count, long effective, boolean zeroed, Clause clause) {
        check(block.byteSize() == count * type.byteSize(), Clause.TY_2, () ->
                "block byteSize=" + block.byteSize() + " but count=" + count + " x byteSize=" + type.byteSize());
        check(block.address() % effective == 0, clause, () ->
                "address=" + block.address() + " is not a multiple of effectiveAlignment=" + effective);
        if (zeroed) {
            checkZero(block, clause);
        }
        checkNoOverlap(block, clause);
    }

    private void checkNoOverlap(MemorySegment block, Clause clause) {
        for (Block other : blocks) {
            check(!overlap(block, other.block), clause, () -> "new block at address=" + block.address() + " byteSize="
                    + block.byteSize() + " overlaps live block" + other.id);
        }
        for (Item other : items) {
            check(!overlap(block, other.handle.item()), clause, () -> "new block at address=" + block.address()
                    + " overlaps live item" + other.id);
        }
    }

    private static boolean overlap(MemorySegment a, MemorySegment b) {
        return a.address() < b.address() + b.byteSize() && b.address() < a.address() + a.byteSize();
    }

    private void checkZero(MemorySegment block, Clause clause) {
        long offset = Zero.firstNonZero(block);
        check(offset < 0, clause, () -> "byte at offset=" + offset + " of a new block is not zero");
    }

    private void checkRejected(Action action, Throwable thrown, State before) {
        if (Clause.of(thrown).isEmpty()) {
            fail(Clause.ER_1, action.op() + " threw " + thrown + " naming no clause");
            return;
        }
        String message = String.valueOf(thrown.getMessage());
        boolean namesValues = thrown instanceof ClosedFault || thrown instanceof WrongThreadException || message.contains("=");
        check(namesValues, Clause.ER_1, () -> action.op() + " threw message=\"" + message + "\" without name=value");
        State after = state();
        if (action.op() != Op.FREE_TWICE) {
            check(after.equals(before), Clause.ER_1, () -> action.op() + " was rejected but changed the state from "
                    + before + " to " + after);
        }
    }

    /** Records a failed check; the message is built only then. */
    private void check(boolean holds, Clause clause, Supplier<String> message) {
        if (!holds) {
            fail(clause, message.get());
        }
    }

    private void fail(Clause clause, String message) {
        if (problem == null) {
            problem = new Violation(clause, step, false, message);
        }
    }

    private void tag(MemorySegment block, int type, long id, long fromIndex, long toIndex) {
        if (HarnessTypes.isTagged(type)) {
            HarnessTypes.writeTags(block, types.get(type).byteSize(), id, fromIndex, toIndex);
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * {@return the observable state after the last action, kept as the next action's "before"}:
     * nothing acts on the target between two actions.
     */
    State observe() {
        observed = state();
        return observed;
    }

    /** {@return the observable state; an accessor that throws reads as -1} */
    State state() {
        try {
            return stateDirectly();
        } catch (RuntimeException thrown) {
            return stateSafely();
        }
    }

    /** {@return the observable state read straight from the accessors}: the common case, when none throws. */
    private State stateDirectly() {
        long countSum = 0;
        for (Item item : items) {
            countSum += item.handle.count();
        }
        boolean poolClosed = pool == null || pool.isClosed();
        boolean allocatorClosed = allocator == null || allocator.isClosed();
        return new State(poolClosed,
                pool == null ? 0 : pool.top(),
                pool == null ? 0 : pool.liveBlockCount(),
                pool == null ? 0 : pool.openFrameCount(),
                allocatorClosed,
                allocator == null ? 0 : allocator.liveBlockCount(),
                allocator == null ? 0 : allocator.liveByteSize() - vectorCapacityBytes(),
                countSum);
    }

    /** {@return the observable state, each accessor that throws read as -1 on its own} */
    private State stateSafely() {
        long countSum = 0;
        for (Item item : items) {
            countSum += safeLong(item.handle::count);
        }
        return new State(poolClosed(),
                pool == null ? 0 : safeLong(pool::top),
                pool == null ? 0 : safeLong(pool::liveBlockCount),
                pool == null ? 0 : safeLong(pool::openFrameCount),
                allocatorClosed(),
                allocator == null ? 0 : safeLong(allocator::liveBlockCount),
                allocator == null ? 0 : safeLong(allocator::liveByteSize) - vectorCapacityBytes(),
                countSum);
    }

    private static long safeLong(Supplier<? extends Number> accessor) {
        try {
            return accessor.get().longValue();
        } catch (RuntimeException thrown) {
            return -1;
        }
    }

    private static <T> T pick(List<T> list, long ref) {
        return list.get((int) Math.floorMod(ref, (long) list.size()));
    }

    private static MemorySegment slice(MemorySegment block) {
        return block.byteSize() > 1 ? block.asSlice(0, block.byteSize() - 1) : block.asSlice(1, 0);
    }

    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /** Closes what is still open, ignoring failures: used after a run stopped early. */
    @Override
    public void close() {
        try {
            if (pool != null && !poolClosed()) {
                pool.closeAndReport();
            }
        } catch (RuntimeException | AssertionError ignored) {
            // the run already failed or finished; teardown is best effort
        }
        try {
            if (allocator != null && !allocatorClosed()) {
                allocator.closeAndReport();
            }
        } catch (RuntimeException | AssertionError ignored) {
            // as above
        }
        if (foreignArena != null) {
            foreignArena.close();
        }
        if (pool instanceof GuardedPool guarded) {
            guarded.release();
        }
    }
}
