package dev.cairn.alloy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads general allocator steps (general.als) from a trace. Addresses are never written. */
final class GeneralSteps extends VectorGenerator.StepReader {

    GeneralSteps(Trace trace, VectorGenerator.Ids ids) {
        super(trace, ids);
    }

    @Override
    void arguments(String op, int state, Map<String, Object> step) {
        switch (op) {
            case "allocate", "allocateGrowable" -> allocation(state, step);
            case "resize" -> {
                step.put("block", ids.of(trace.atom("GEv.blk", state), "B"));
                step.put("count", trace.integer("Ev.cnt", state));
            }
            case "free" -> step.put("block", ids.of(trace.atom("GEv.blk", state), "B"));
            default -> { }
        }
    }

    @Override
    void results(String op, int state, Map<String, Object> expect) {
        switch (op) {
            case "allocate", "allocateGrowable" -> block(trace.atom("GEv.blk", state), expect);
            case "resize" -> block(trace.atom("GEv.res", state), expect);
            case "free" -> { }
            case "close" -> {
                List<String> leaked = trace.tuples("GEv.dtor", state).stream().map(List::getFirst).distinct().toList();
                Map<String, String> byteSize = trace.map("sz", 0);
                expect.put("leakCount", leaked.size());
                expect.put("leakByteSize", leaked.stream().mapToInt(b -> bytes(byteSize, b)).sum());
            }
            default -> throw new IllegalStateException("op=" + op + " is not a general allocator operation");
        }
    }

    private void block(String block, Map<String, Object> expect) {
        expect.put("block", ids.of(block, "B"));
        expect.put("byteSize", bytes(trace.map("sz", 0), block));
        expect.put("byteAlignment", bytes(trace.map("eff", 0), block));
    }

    /** DS-1: descending index within a block; across blocks (close only) by block id. */
    @Override
    List<Object> destructorCalls(String op, int state) {
        List<Object> calls = new ArrayList<>();
        List<List<String>> pairs = new ArrayList<>(trace.tuples("GEv.dtor", state));
        pairs.sort(Comparator.<List<String>, String>comparing(p -> ids.of(p.get(0), "B"))
                .thenComparing(Comparator.<List<String>>comparingInt(p -> Integer.parseInt(p.get(1))).reversed()));
        for (List<String> pair : pairs) {
            calls.add(call(ids.of(pair.get(0), "B"), Integer.parseInt(pair.get(1))));
        }
        return calls;
    }
}
