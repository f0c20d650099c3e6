package dev.cairn.alloy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads stack pool steps (stackpool.als) from a trace. */
final class StackPoolSteps extends VectorGenerator.StepReader {

    StackPoolSteps(Trace trace, VectorGenerator.Ids ids) {
        super(trace, ids);
    }

    @Override
    void arguments(String op, int state, Map<String, Object> step) {
        switch (op) {
            case "push" -> allocation(state, step);
            case "pop" -> step.put("block", ids.of(trace.atom("SEv.blk", state), "B"));
            case "closeFrame" -> step.put("frame", ids.of(trace.atom("SEv.frm", state), "F"));
            default -> { }
        }
    }

    @Override
    void results(String op, int state, Map<String, Object> expect) {
        String block = trace.atom("SEv.blk", state);
        String frame = trace.atom("SEv.frm", state);
        switch (op) {
            case "push" -> {
                expect.put("block", ids.of(block, "B"));
                expect.put("offset", bytes(trace.map("offset", 0), block));
                expect.put("top", bytes(trace.map("endOff", 0), block));
            }
            case "pop" -> expect.put("top", bytes(trace.map("topBefore", 0), block));
            case "mark" -> {
                expect.put("frame", ids.of(frame, "F"));
                expect.put("markedTop", bytes(trace.map("mTop", 0), frame));
            }
            case "closeFrame" -> expect.put("top", bytes(trace.map("mTop", 0), frame));
            case "close" -> {
                List<String> leaked = destroyedBlocks(state);
                Map<String, String> byteSize = trace.map("sz", 0);
                expect.put("leakCount", leaked.size());
                expect.put("leakByteSize", leaked.stream().mapToInt(b -> bytes(byteSize, b)).sum());
            }
            default -> throw new IllegalStateException("op=" + op + " is not a stack pool operation");
        }
    }

    /** DS-1: blocks LIFO (highest offset first), elements in descending index order. */
    @Override
    List<Object> destructorCalls(String op, int state) {
        List<Object> calls = new ArrayList<>();
        List<List<String>> pairs = new ArrayList<>(trace.tuples("SEv.dtor", state));
        Map<String, String> offset = trace.map("offset", 0);
        pairs.sort(Comparator.<List<String>>comparingInt(p -> Integer.parseInt(offset.get(p.get(0))))
                .thenComparingInt(p -> Integer.parseInt(p.get(1))).reversed());
        for (List<String> pair : pairs) {
            calls.add(call(ids.of(pair.get(0), "B"), Integer.parseInt(pair.get(1))));
        }
        return calls;
    }

    private List<String> destroyedBlocks(int state) {
        return trace.tuples("SEv.dtor", state).stream().map(List::getFirst).distinct().toList();
    }
}
