package dev.cairn.verification;

import dev.cairn.AlignmentContext;
import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.LeakReport;
import dev.cairn.RefCounted;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.Clause;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Alloy vector (format 1, {@code docs/vectors.md}) replayed against one target: every step is
 * one call of the contract, and its outcome, its results, its destructor calls, and (for a fault)
 * the unchanged snapshot are compared with what the model requires. After every ok step on a
 * general allocator, every live block is checked for its alignment and for overlap (GA-1).
 */
final class VectorRun {

    /** Thrown when a step does not give what the vector requires. */
    static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, Type> types = new HashMap<>();
    private final Map<String, Long> elementByteSizes = new HashMap<>();
    private final Map<String, MemorySegment> live = new LinkedHashMap<>();
    private final Map<String, MemorySegment> dead = new HashMap<>();
    private final Map<String, Long> liveAlignments = new HashMap<>();
    private final List<String> poolOrder = new ArrayList<>();
    private final Map<String, StackPool.Frame> frames = new HashMap<>();
    private final Map<String, Integer> frameMarks = new HashMap<>();
    private final Map<String, RefCounted> handles = new HashMap<>();
    private final List<String> destructorCalls = new ArrayList<>();
    private final StackPool pool;
    private final GeneralAllocator allocator;
    private int stepIndex;

    private VectorRun(Target target, Map<String, Object> vector) {
        Map<String, Object> setup = object(vector, "setup");
        boolean onPool = "StackPool".equals(vector.get("component"));
        pool = onPool ? target.stackPools().apply(number(setup, "byteCapacity")) : null;
        allocator = onPool ? null : target.allocators().get();
        for (Object entry : list(vector, "types")) {
            Map<String, Object> type = cast(entry);
            String id = string(type, "id");
            long byteSize = number(type, "byteSize");
            MemoryLayout layout = MemoryLayout.sequenceLayout(byteSize / 8, ValueLayout.JAVA_LONG)
                    .withByteAlignment(number(type, "byteAlignment"));
            types.put(id, Type.of(id, layout).withDestructor(this::recordDestruction));
            elementByteSizes.put(id, byteSize);
        }
    }

    /**
     * Replays {@code vector} against {@code target}.
     *
     * @return {@code null} if every step gave what the vector requires, else the first mismatch
     */
    static String replay(Target target, Map<String, Object> vector) {
        if (number(vector, "format") != 1) {
            return "format=" + vector.get("format") + " is not 1";
        }
        VectorRun run = new VectorRun(target, vector);
        try {
            List<Object> steps = list(vector, "steps");
            int end = run.steps(steps, 0);
            if (end != steps.size()) {
                throw new Mismatch("an unbind at step " + end + " matches no bind");
            }
            return null;
        } catch (Mismatch mismatch) {
            return "step " + run.stepIndex + ": " + mismatch.getMessage();
        } catch (RuntimeException | AssertionError failed) {
            return "step " + run.stepIndex + ": threw " + failed;
        } finally {
            run.closeQuietly();
        }
    }

    /** Runs steps from {@code from} up to the end or an {@code unbind}; returns the index reached. */
    private int steps(List<Object> steps, int from) {
        int index = from;
        while (index < steps.size()) {
            Map<String, Object> step = cast(steps.get(index));
            stepIndex = index;
            destructorCalls.clear();
            String op = string(step, "op");
            if (op.equals("unbind")) {
                return index;
            }
            index = op.equals("bind") ? bind(steps, index) : simple(step, index);
        }
        return index;
    }

    private int bind(List<Object> steps, int index) {
        Map<String, Object> step = cast(steps.get(index));
        Map<String, Object> expect = object(step, "expect");
        long maximum = number(step, "maxByteAlignment");
        if (!expect.containsKey("ok")) {
            expectFault(expect, () -> AlignmentContext.run(maximum, () -> { }));
            return index + 1;
        }
        int[] unbind = {-1};
        AlignmentContext.run(maximum, () -> {
            check(AlignmentContext.current() == number(expect, "current"), "current=" + AlignmentContext.current());
            unbind[0] = steps(steps, index + 1);
        });
        if (unbind[0] >= steps.size()) {
            throw new Mismatch("bind at step " + index + " has no unbind");
        }
        stepIndex = unbind[0];
        Map<String, Object> after = object(cast(steps.get(unbind[0])), "expect");
        check(AlignmentContext.current() == number(after, "current"), "after unbind current=" + AlignmentContext.current());
        return unbind[0] + 1;
    }

    private int simple(Map<String, Object> step, int index) {
        Map<String, Object> expect = object(step, "expect");
        if (expect.containsKey("ok")) {
            ok(step, expect);
            checkDestructorCalls(step, expect);
            checkLiveBlocks();
        } else {
            expectFault(expect, () -> call(step));
        }
        return index + 1;
    }

    private void expectFault(Map<String, Object> expect, Runnable call) {
        List<Long> before = snapshot();
        try {
            call.run();
        } catch (RuntimeException thrown) {
            String fault = thrown.getClass().getSimpleName();
            String clause = Clause.of(thrown).map(Clause::id).orElse("none");
            check(fault.equals(expect.get("fault")) && clause.equals(expect.get("clause")),
                    "expected " + expect.get("fault") + "(" + expect.get("clause") + ") but threw " + fault + "(" + clause + "): "
                            + thrown.getMessage());
            check(snapshot().equals(before), "the rejected call changed the snapshot from " + before + " to " + snapshot());
            check(destructorCalls.isEmpty(), "the rejected call ran destructors on " + destructorCalls);
            return;
        }
        throw new Mismatch("expected " + expect.get("fault") + "(" + expect.get("clause") + ") but the call returned");
    }

    /** Makes the call of a step whose outcome is a fault; its result does not matter. */
    private void call(Map<String, Object> step) {
        Map<String, Object> none = new HashMap<>();
        ok(step, none);
    }

    private void ok(Map<String, Object> step, Map<String, Object> expect) {
        String op = string(step, "op");
        switch (op) {
            case "push" -> {
                MemorySegment block = pool.push(type(step), number(step, "count"), number(step, "byteAlignment"));
                long top = pool.top();
                expectValue(expect, "offset", top - block.byteSize());
                expectValue(expect, "top", top);
                born(expect, "block", block, 1);
                poolOrder.add(string(expect, "block"));
            }
            case "pop" -> {
                String id = string(step, "block");
                pool.pop(segment(id));
                die(id);
                expectValue(expect, "top", pool.top());
            }
            case "mark" -> {
                StackPool.Frame frame = pool.mark();
                expectValue(expect, "markedTop", frame.markedTop());
                frames.put(string(expect, "frame"), frame);
                frameMarks.put(string(expect, "frame"), poolOrder.size());
            }
            case "closeFrame" -> {
                String id = string(step, "frame");
                frames.get(id).close();
                while (poolOrder.size() > frameMarks.get(id)) {
                    die(poolOrder.getLast());
                }
                expectValue(expect, "top", pool.top());
            }
            case "close" -> {
                LeakReport report = pool != null ? pool.closeAndReport() : allocator.closeAndReport();
                dead.putAll(live);
                live.clear();
                poolOrder.clear();
                expectValue(expect, "leakCount", report.blockCount());
                expectValue(expect, "leakByteSize", report.byteSize());
            }
            case "allocate", "allocateGrowable" -> {
                MemorySegment block = op.equals("allocate")
                        ? allocator.allocate(type(step), number(step, "count"), number(step, "byteAlignment"))
                        : allocator.allocateGrowable(type(step), number(step, "count"), number(step, "byteAlignment"));
                allocated(expect, block);
            }
            case "resize" -> {
                String id = string(step, "block");
                MemorySegment block = allocator.resize(segment(id), number(step, "count"));
                die(id);
                allocated(expect, block);
            }
            case "free" -> {
                String id = string(step, "block");
                allocator.free(segment(id));
                die(id);
            }
            case "allocateCounted" -> {
                RefCounted handle = allocator.allocateCounted(type(step), number(step, "count"),
                        number(step, "byteAlignment"), CountMode.ATOMIC);
                expectValue(expect, "count", handle.count());
                if (expect.containsKey("handle")) {
                    handles.put(string(expect, "handle"), handle);
                    live.put(string(expect, "handle"), handle.item());
                }
            }
            case "retain" -> {
                RefCounted handle = handle(step);
                handle.retain();
                expectValue(expect, "count", handle.count());
            }
            case "release" -> {
                RefCounted handle = handle(step);
                boolean destroyed = handle.release();
                if (destroyed) {
                    die(string(step, "handle"));
                }
                expectValue(expect, "count", handle.count());
                if (expect.containsKey("destroyed")) {
                    check(destroyed == (Boolean) expect.get("destroyed"), "destroyed=" + destroyed);
                }
            }
            case "item" -> expectValue(expect, "byteSize", handle(step).item().byteSize());
            default -> throw new Mismatch("op=" + op + " is unknown");
        }
    }

    private void allocated(Map<String, Object> expect, MemorySegment block) {
        expectValue(expect, "byteSize", block.byteSize());
        if (expect.containsKey("byteAlignment")) {
            born(expect, "block", block, number(expect, "byteAlignment"));
        }
    }

    private void born(Map<String, Object> expect, String key, MemorySegment block, long byteAlignment) {
        if (expect.containsKey(key)) {
            live.put(string(expect, key), block);
            liveAlignments.put(string(expect, key), byteAlignment);
        }
    }

    private void die(String id) {
        MemorySegment block = live.remove(id);
        if (block != null) {
            dead.put(id, block);
        }
        poolOrder.remove(id);
    }

    private void recordDestruction(MemorySegment element) {
        for (Map.Entry<String, MemorySegment> entry : live.entrySet()) {
            MemorySegment block = entry.getValue();
            long offset = element.address() - block.address();
            if (offset >= 0 && offset < block.byteSize()) {
                long byteSize = element.byteSize();
                destructorCalls.add(entry.getKey() + ":" + offset / byteSize);
                return;
            }
        }
        destructorCalls.add("unknown@" + element.address());
    }

    private void checkDestructorCalls(Map<String, Object> step, Map<String, Object> expect) {
        List<String> expected = new ArrayList<>();
        for (Object call : list(expect, "destructorCalls")) {
            List<Object> pair = cast(call);
            expected.add(pair.get(0) + ":" + pair.get(1));
        }
        boolean anyOrderAcrossBlocks = allocator != null && "close".equals(step.get("op"));
        List<String> got = anyOrderAcrossBlocks ? byBlock(destructorCalls) : destructorCalls;
        List<String> want = anyOrderAcrossBlocks ? byBlock(expected) : expected;
        check(got.equals(want), "destructor calls " + destructorCalls + " but the vector requires " + expected);
    }

    /** Groups calls by block, keeping each block's order (the order across blocks is free). */
    private static List<String> byBlock(List<String> calls) {
        Map<String, List<String>> groups = new java.util.TreeMap<>();
        for (String call : calls) {
            groups.computeIfAbsent(call.substring(0, call.indexOf(':')), key -> new ArrayList<>()).add(call);
        }
        List<String> flat = new ArrayList<>();
        groups.values().forEach(flat::addAll);
        return flat;
    }

    private void checkLiveBlocks() {
        if (allocator == null) {
            return;
        }
        List<Map.Entry<String, MemorySegment>> blocks = new ArrayList<>(live.entrySet());
        for (int i = 0; i < blocks.size(); i++) {
            MemorySegment block = blocks.get(i).getValue();
            long alignment = liveAlignments.getOrDefault(blocks.get(i).getKey(), 1L);
            check(block.address() % alignment == 0, "block " + blocks.get(i).getKey() + " at address=" + block.address()
                    + " is not aligned to " + alignment);
            for (int j = i + 1; j < blocks.size(); j++) {
                MemorySegment other = blocks.get(j).getValue();
                boolean overlap = block.address() < other.address() + other.byteSize()
                        && other.address() < block.address() + block.byteSize();
                check(!overlap, "blocks " + blocks.get(i).getKey() + " and " + blocks.get(j).getKey() + " overlap");
            }
        }
    }

    private List<Long> snapshot() {
        List<Long> snapshot = new ArrayList<>();
        if (pool != null) {
            snapshot.add(pool.top());
            snapshot.add((long) pool.liveBlockCount());
            snapshot.add((long) pool.openFrameCount());
        } else {
            snapshot.add(allocator.liveBlockCount());
            snapshot.add(allocator.liveByteSize());
            for (RefCounted handle : handles.values()) {
                snapshot.add(handle.count());
            }
        }
        return snapshot;
    }

    private void expectValue(Map<String, Object> expect, String key, long actual) {
        if (expect.containsKey(key)) {
            check(number(expect, key) == actual, key + "=" + actual + " but the vector requires " + expect.get(key));
        }
    }

    private static void check(boolean holds, String message) {
        if (!holds) {
            throw new Mismatch(message);
        }
    }

    private Type type(Map<String, Object> step) {
        return Objects.requireNonNull(types.get(string(step, "type")), "type");
    }

    private MemorySegment segment(String id) {
        MemorySegment block = live.get(id);
        if (block != null) {
            return block;
        }
        block = dead.get(id);
        if (block == null) {
            throw new Mismatch("block " + id + " was never returned");
        }
        return block;
    }

    private RefCounted handle(Map<String, Object> step) {
        return Objects.requireNonNull(handles.get(string(step, "handle")), "handle");
    }

    private void closeQuietly() {
        try {
            if (pool != null) {
                pool.closeAndReport();
            } else {
                allocator.closeAndReport();
            }
        } catch (RuntimeException ignored) {
            // the vector already passed or failed; teardown is best effort
        }
    }

    static long number(Map<String, Object> object, String key) {
        Object value = object.get(key);
        if (!(value instanceof Long number)) {
            throw new Mismatch(key + "=" + value + " is not an integer");
        }
        return number;
    }

    static String string(Map<String, Object> object, String key) {
        return String.valueOf(object.get(key));
    }

    static List<Object> list(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value == null ? List.of() : cast(value);
    }

    static Map<String, Object> object(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value == null ? Map.of() : cast(value);
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object value) {
        return (T) value;
    }
}
