package dev.cairn.alloy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads reference counting steps (counting.als) from a trace. */
final class CountingSteps extends VectorGenerator.StepReader {

    CountingSteps(Trace trace, VectorGenerator.Ids ids) {
        super(trace, ids);
    }

    @Override
    void arguments(String op, int state, Map<String, Object> step) {
        if (op.equals("allocateCounted")) {
            allocation(state, step);
        } else {
            step.put("handle", ids.of(trace.atom("CEv.h", state), "H"));
        }
    }

    @Override
    void results(String op, int state, Map<String, Object> expect) {
        String handle = trace.atom("CEv.h", state);
        Map<String, String> countAfter = trace.map("RC.count", trace.after(state));
        switch (op) {
            case "allocateCounted" -> {
                expect.put("handle", ids.of(handle, "H"));
                expect.put("count", Integer.parseInt(countAfter.get(handle)));
            }
            case "retain" -> expect.put("count", Integer.parseInt(countAfter.get(handle)));
            case "release" -> {
                expect.put("count", Integer.parseInt(countAfter.get(handle)));
                expect.put("destroyed", VectorGenerator.sigName(trace.atom("CEv.destroyed", state)).equals("True"));
            }
            case "item" -> expect.put("byteSize", bytes(trace.map("sz", 0), handle));
            default -> throw new IllegalStateException("op=" + op + " is not a reference counting operation");
        }
    }

    /** DS-1: the item's elements in descending index order. */
    @Override
    List<Object> destructorCalls(String op, int state) {
        List<Object> calls = new ArrayList<>();
        List<List<String>> pairs = new ArrayList<>(trace.tuples("CEv.dtor", state));
        pairs.sort(Comparator.<List<String>>comparingInt(p -> Integer.parseInt(p.get(1))).reversed());
        for (List<String> pair : pairs) {
            calls.add(call(ids.of(pair.get(0), "H"), Integer.parseInt(pair.get(1))));
        }
        return calls;
    }
}
