package dev.cairn.alloy;

import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.A4TupleSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One trace of an Alloy instance, read back state by state: expressions of the model are
 * evaluated in a state and returned as atom names ({@code "Block$1"}) or integers.
 */
final class Trace {

    private final CompModule module;
    private final A4Solution solution;
    private final Map<String, Expr> parsed = new HashMap<>();

    Trace(CompModule module, A4Solution solution) {
        this.module = module;
        this.solution = solution;
    }

    /** {@return the number of states before the trace loops back} */
    int length() {
        return solution.getTraceLength();
    }

    /** {@return the state after {@code state}: the next one, or the loop state after the last} @param state a state */
    int after(int state) {
        return state + 1 < length() ? state + 1 : solution.getLoopState();
    }

    /**
     * {@return the tuples of an expression in a state, each as its atoms}
     *
     * @param expression an Alloy expression over the module
     * @param state      the state
     */
    List<List<String>> tuples(String expression, int state) {
        Expr expr = parsed.computeIfAbsent(expression, text -> CompUtil.parseOneExpression_fromString(module, text));
        Object value = solution.eval(expr, state);
        List<List<String>> tuples = new ArrayList<>();
        if (value instanceof A4TupleSet set) {
            for (A4Tuple tuple : set) {
                List<String> atoms = new ArrayList<>();
                for (int i = 0; i < tuple.arity(); i++) {
                    atoms.add(tuple.atom(i));
                }
                tuples.add(atoms);
            }
        } else {
            tuples.add(List.of(value.toString()));
        }
        return tuples;
    }

    /** {@return the single atom of an expression in a state, or {@code null} when it is empty} @param expression an expression @param state the state */
    String atom(String expression, int state) {
        List<List<String>> tuples = tuples(expression, state);
        if (tuples.size() > 1) {
            throw new IllegalStateException("expression=" + expression + " has " + tuples.size() + " tuples in state=" + state);
        }
        return tuples.isEmpty() ? null : tuples.getFirst().getFirst();
    }

    /** {@return the integer value of an expression in a state} @param expression an integer expression @param state the state */
    int integer(String expression, int state) {
        return Integer.parseInt(atom(expression, state));
    }

    /**
     * {@return a binary relation in a state as a map from its first atom to its second}
     *
     * @param expression a binary relation, such as {@code "offset"}
     * @param state      the state
     */
    Map<String, String> map(String expression, int state) {
        Map<String, String> map = new HashMap<>();
        for (List<String> tuple : tuples(expression, state)) {
            map.put(tuple.get(0), tuple.get(1));
        }
        return map;
    }
}
