package dev.cairn.verification;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.Clause;
import dev.cairn.fault.FixedSizeFault;
import dev.cairn.fault.ForeignBlockFault;
import dev.cairn.fault.PoolExhaustedFault;
import dev.cairn.model.ModelStackPool;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Deliberately wrong implementations: the reference model with one bug injected each, by a
 * wrapper that changes one behaviour. The harness must catch every one and shrink it.
 */
final class InjectedBugs {

    /**
     * One injected bug.
     *
     * @param name    a short name
     * @param clauses the clauses the bug breaks, one of which the harness must name (a LIFO
     *                bug breaks SP-4 or SP-6, depending on whether a frame is open)
     * @param target  the model with the bug
     */
    record Bug(String name, Set<Clause> clauses, Target target) {
        @Override
        public String toString() {
            return name;
        }
    }

    private InjectedBugs() {
    }

    static List<Bug> all() {
        return List.of(
                pool("pop accepts a non-top block", Set.of(Clause.SP_4, Clause.SP_6), PopAcceptsNonTop::new),
                pool("alignment off by one unit", Set.of(Clause.AC_4, Clause.SP_2), AlignmentOffByOne::new),
                allocator("resize of a fixed block succeeds", Set.of(Clause.GA_3), ResizeFixedSucceeds::new),
                pool("destructor skipped on close", Set.of(Clause.DS_1, Clause.DS_4), DestructorSkippedOnClose::new),
                allocator("count leaks on release", Set.of(Clause.RC_3, Clause.RC_4), CountLeaksOnRelease::new),
                allocator("double free accepted", Set.of(Clause.GA_4), DoubleFreeAccepted::new),
                pool("stale top after a failed push", Set.of(Clause.ER_1), StaleTopAfterFailedPush::new),
                new Bug("pool writes past the memory it was given", Set.of(Clause.SP_1, Clause.SP_3),
                        new Target("pool writes past the memory it was given", Target.Role.INJECTED,
                                "the model's pool told its memory is 16 bytes longer than the application gave",
                                capacity -> GuardedPool.of(capacity,
                                        memory -> ModelStackPool.on(memory.reinterpret(memory.byteSize() + 16))),
                                null, Map.of(), Map.of())));
    }

    private static Bug pool(String name, Set<Clause> clauses, Function<StackPool, StackPool> wrapper) {
        return new Bug(name, clauses, Targets.model().wrapped(name, wrapper::apply, null));
    }

    private static Bug allocator(String name, Set<Clause> clauses, Function<GeneralAllocator, GeneralAllocator> wrapper) {
        return new Bug(name, clauses, Targets.model().wrapped(name, null, wrapper::apply));
    }

    /** SP-4: pop of a block that is not the top one does nothing and reports success. */
    static final class PopAcceptsNonTop extends ForwardingStackPool {
        private final List<MemorySegment> pushed = new ArrayList<>();

        PopAcceptsNonTop(StackPool delegate) {
            super(delegate);
        }

        @Override
        public MemorySegment push(Type type, long count, long byteAlignment) {
            MemorySegment block = super.push(type, count, byteAlignment);
            pushed.add(block);
            return block;
        }

        @Override
        public void pop(MemorySegment block) {
            if (!pushed.isEmpty() && !pushed.getLast().equals(block) && pushed.contains(block)) {
                return;
            }
            super.pop(block);
            pushed.remove(block);
        }
    }

    /** SP-2: a requested alignment is honoured one power of two short. */
    static final class AlignmentOffByOne extends ForwardingStackPool {
        AlignmentOffByOne(StackPool delegate) {
            super(delegate);
        }

        @Override
        public MemorySegment push(Type type, long count, long byteAlignment) {
            return super.push(type, count, byteAlignment > 1 && AlignmentContext.isPowerOfTwo(byteAlignment)
                    ? byteAlignment / 2 : byteAlignment);
        }
    }

    /** GA-3: resizing a fixed block copies it into a new fixed block instead of failing. */
    static final class ResizeFixedSucceeds extends ForwardingGeneralAllocator {
        ResizeFixedSucceeds(GeneralAllocator delegate) {
            super(delegate);
        }

        @Override
        public MemorySegment resize(MemorySegment block, long count) {
            try {
                return super.resize(block, count);
            } catch (FixedSizeFault fixed) {
                Type type = delegate.typeOf(block);
                MemorySegment moved = delegate.allocate(type, count);
                moved.copyFrom(block.asSlice(0, Math.min(block.byteSize(), moved.byteSize())));
                delegate.free(block);
                return moved;
            }
        }
    }

    /** DS-1: closing the pool releases the live blocks without running their destructors. */
    static final class DestructorSkippedOnClose extends ForwardingStackPool {
        private final Map<Type, Type> shadows = new IdentityHashMap<>();
        private boolean closing;

        DestructorSkippedOnClose(StackPool delegate) {
            super(delegate);
        }

        @Override
        public MemorySegment push(Type type, long count, long byteAlignment) {
            return super.push(shadow(type), count, byteAlignment);
        }

        @Override
        public MemorySegment pushUninitialized(Type type, long count, long byteAlignment) {
            return super.pushUninitialized(shadow(type), count, byteAlignment);
        }

        private Type shadow(Type type) {
            if (!type.hasDestructor()) {
                return type;
            }
            return shadows.computeIfAbsent(type, original -> Type.of(original.name(), original.layout())
                    .withDestructor(element -> {
                        if (!closing) {
                            original.destructor().orElseThrow().destroy(element);
                        }
                    }));
        }

        @Override
        public LeakReport closeAndReport() {
            closing = true;
            return super.closeAndReport();
        }
    }

    /** RC-3: a release above count 1 does not subtract. */
    static final class CountLeaksOnRelease extends ForwardingGeneralAllocator {
        CountLeaksOnRelease(GeneralAllocator delegate) {
            super(delegate);
        }

        @Override
        public RefCounted allocateCounted(Type type, long count, long byteAlignment, CountMode mode) {
            RefCounted real = super.allocateCounted(type, count, byteAlignment, mode);
            return new RefCounted() {
                @Override
                public MemorySegment item() {
                    return real.item();
                }

                @Override
                public void retain() {
                    real.retain();
                }

                @Override
                public boolean release() {
                    return real.count() > 1 ? false : real.release();
                }

                @Override
                public long count() {
                    return real.count();
                }

                @Override
                public boolean isLive() {
                    return real.isLive();
                }

                @Override
                public Type type() {
                    return real.type();
                }

                @Override
                public long elementCount() {
                    return real.elementCount();
                }

                @Override
                public CountMode mode() {
                    return real.mode();
                }
            };
        }
    }

    /** GA-4: a second free of a block is silently accepted. */
    static final class DoubleFreeAccepted extends ForwardingGeneralAllocator {
        private final Set<Long> freed = new HashSet<>();

        DoubleFreeAccepted(GeneralAllocator delegate) {
            super(delegate);
        }

        @Override
        public void free(MemorySegment block) {
            try {
                super.free(block);
                freed.add(block.address());
            } catch (ForeignBlockFault foreign) {
                if (!freed.contains(block.address())) {
                    throw foreign;
                }
            }
        }
    }

    /** ER-1: after a push that does not fit, top() reports where the block would have ended. */
    static final class StaleTopAfterFailedPush extends ForwardingStackPool {
        private long staleTop = -1;

        StaleTopAfterFailedPush(StackPool delegate) {
            super(delegate);
        }

        @Override
        public MemorySegment push(Type type, long count, long byteAlignment) {
            try {
                MemorySegment block = super.push(type, count, byteAlignment);
                staleTop = -1;
                return block;
            } catch (PoolExhaustedFault exhausted) {
                staleTop = delegate.byteCapacity() + 1;
                throw exhausted;
            }
        }

        @Override
        public void pop(MemorySegment block) {
            super.pop(block);
            staleTop = -1;
        }

        @Override
        public long top() {
            return staleTop >= 0 ? staleTop : super.top();
        }
    }
}
