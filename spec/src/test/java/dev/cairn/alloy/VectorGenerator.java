package dev.cairn.alloy;

import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.translator.A4Solution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the model vectors (docs/vectors.md): for every {@code run} command whose name starts
 * with {@code vec}, enumerates up to {@link #INSTANCES_MAX} instances, turns each trace into
 * steps, drops duplicates up to renaming of atoms, and writes one JSON file per scenario and
 * {@code index.txt}.
 *
 * <p>Run it with {@code ./mvnw -q -pl spec test-compile exec:java -Pvectors}.
 */
public final class VectorGenerator {

    /** Where the vectors live. */
    static final Path VECTOR_DIRECTORY = AlloySpec.BASE_DIRECTORY.resolve(Path.of("src", "main", "resources", "META-INF", "cairn", "vectors"));

    /** The same directory as a class path resource prefix. */
    static final String RESOURCE_PREFIX = "META-INF/cairn/vectors/";

    /** The largest number of instances enumerated per command. */
    static final int INSTANCES_MAX = 12;

    /** The vector format version. */
    static final int FORMAT = 1;

    private static final int UNIT_BYTES = 8;

    private VectorGenerator() {
    }

    /**
     * Regenerates the vectors into the source tree.
     *
     * @param args ignored
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> files = generate();
        Files.createDirectories(VECTOR_DIRECTORY);
        try (var old = Files.list(VECTOR_DIRECTORY)) {
            for (Path path : old.toList()) {
                Files.delete(path);
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(VECTOR_DIRECTORY.resolve(file.getKey()), file.getValue());
        }
        System.out.println("wrote " + (files.size() - 1) + " vectors and index.txt");
    }

    /** {@return every vector file by name, {@code index.txt} included, as the model gives them now} */
    static Map<String, String> generate() {
        Map<String, String> files = new TreeMap<>();
        for (String fileName : AlloySpec.COMMAND_MODULES) {
            CompModule module = AlloySpec.parse(fileName, Map.of());
            for (Command command : module.getAllCommands()) {
                if (!command.check && command.label.startsWith("vec")) {
                    files.putAll(vectorsOf(fileName, module, command));
                }
            }
        }
        StringBuilder index = new StringBuilder();
        for (String name : files.keySet()) {
            index.append(name).append('\n');
        }
        files.put("index.txt", index.toString());
        return files;
    }

    private static Map<String, String> vectorsOf(String fileName, CompModule module, Command command) {
        String component = componentOf(fileName);
        Set<String> seen = new LinkedHashSet<>();
        A4Solution solution = AlloySpec.solve(module, command);
        for (int instance = 0; instance < INSTANCES_MAX && solution.satisfiable(); instance++) {
            Scenario scenario = new Scenario(component, new Trace(module, solution));
            seen.add(scenario.body());
            solution = solution.next();
        }
        Map<String, String> files = new LinkedHashMap<>();
        int number = 0;
        for (String body : seen) {
            String name = fileName.replace(".als", "") + "-" + command.label + "-" + String.format("%02d", number++);
            files.put(name + ".json", "{\n  \"format\": " + FORMAT + ",\n  \"name\": " + Json.write(name)
                    + ",\n  \"component\": " + Json.write(component) + ",\n  \"command\": "
                    + Json.write(command.label) + ",\n" + body + "}\n");
        }
        return files;
    }

    private static String componentOf(String fileName) {
        return switch (fileName) {
            case "stackpool.als" -> "StackPool";
            case "general.als" -> "GeneralAllocator";
            case "counting.als" -> "RefCounted";
            default -> throw new IllegalArgumentException("fileName=" + fileName + " has no vectors");
        };
    }

    /** One trace turned into setup, types and steps, with ids given by order of first appearance. */
    private static final class Scenario {
        private final String component;
        private final Trace trace;
        private final Map<String, String> ids = new LinkedHashMap<>();
        private final Map<String, Integer> nextId = new TreeMap<>();
        private final Map<String, String> typeSize;
        private final Map<String, String> typeAlign;

        Scenario(String component, Trace trace) {
            this.component = component;
            this.trace = trace;
            this.typeSize = trace.map("size", 0);
            this.typeAlign = trace.map("align", 0);
        }

        private String id(String atom, String prefix) {
            return ids.computeIfAbsent(atom, a -> prefix + (nextId.merge(prefix, 1, Integer::sum) - 1));
        }

        String body() {
            List<Object> steps = new ArrayList<>();
            for (int state = 0; state < trace.length(); state++) {
                String op = opName(trace.atom("Ev.op", state));
                if (!op.equals("skip")) {
                    steps.add(step(op, state));
                }
            }
            Map<String, Object> setup = new LinkedHashMap<>();
            if (component.equals("StackPool")) {
                setup.put("byteCapacity", trace.integer("Pool.capacity", 0) * UNIT_BYTES);
            }
            List<Object> types = new ArrayList<>();
            ids.forEach((atom, id) -> {
                if (id.startsWith("T")) {
                    Map<String, Object> type = new LinkedHashMap<>();
                    type.put("id", id);
                    type.put("byteSize", Integer.parseInt(typeSize.get(atom)) * UNIT_BYTES);
                    type.put("byteAlignment", Integer.parseInt(typeAlign.get(atom)) * UNIT_BYTES);
                    types.add(type);
                }
            });
            StringBuilder text = new StringBuilder();
            text.append("  \"setup\": ").append(Json.write(setup)).append(",\n");
            text.append("  \"types\": ").append(Json.write(types)).append(",\n");
            text.append("  \"steps\": [\n");
            for (int i = 0; i < steps.size(); i++) {
                text.append("    ").append(Json.write(steps.get(i))).append(i + 1 < steps.size() ? ",\n" : "\n");
            }
            text.append("  ]\n");
            return text.toString();
        }

        private Map<String, Object> step(String op, int state) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("op", op);
            Map<String, Object> expect = new LinkedHashMap<>();
            String fault = trace.atom("Ev.fault", state);
            StepReader reader = switch (component) {
                case "StackPool" -> new StackPoolSteps(trace, this::id);
                case "GeneralAllocator" -> new GeneralSteps(trace, this::id);
                default -> new CountingSteps(trace, this::id);
            };
            if (!reader.context(op, state, step, false)) {
                reader.arguments(op, state, step);
            }
            if (fault != null) {
                String name = sigName(fault);
                int split = name.indexOf('_');
                expect.put("fault", name.substring(0, split));
                expect.put("clause", name.substring(split + 1).replaceFirst("_", "-"));
            } else {
                expect.put("ok", true);
                if (!reader.context(op, state, expect, true)) {
                    reader.results(op, state, expect);
                }
                expect.put("destructorCalls", reader.destructorCalls(op, state));
            }
            step.put("expect", expect);
            return step;
        }
    }

    /** {@return the contract's name of an operation atom: {@code "CloseFrame$0"} gives {@code "closeFrame"}} @param atom the atom */
    static String opName(String atom) {
        String name = sigName(atom);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** {@return the name of an atom's signature without its module: {@code "common/Push$0"} gives {@code "Push"}} @param atom the atom */
    static String sigName(String atom) {
        return atom.substring(atom.lastIndexOf('/') + 1, atom.indexOf('$'));
    }

    /** Gives an atom its vector id, by prefix ({@code B}, {@code F}, {@code H}, {@code T}). */
    interface Ids {
        /** {@return the id} @param atom the atom @param prefix the id's prefix */
        String of(String atom, String prefix);
    }

    /** Reads one component's arguments, results and destructor calls from a trace. */
    abstract static class StepReader {
        final Trace trace;
        final Ids ids;

        StepReader(Trace trace, Ids ids) {
            this.trace = trace;
            this.ids = ids;
        }

        abstract void arguments(String op, int state, Map<String, Object> step);

        abstract void results(String op, int state, Map<String, Object> expect);

        abstract List<Object> destructorCalls(String op, int state);

        int bytes(String expression, int state) {
            return trace.integer(expression, state) * UNIT_BYTES;
        }

        int bytes(Map<String, String> field, String atom) {
            return Integer.parseInt(field.get(atom)) * UNIT_BYTES;
        }

        /** Type, count and requested alignment, as every allocating call takes them. */
        void allocation(int state, Map<String, Object> step) {
            step.put("type", ids.of(trace.atom("Ev.typ", state), "T"));
            step.put("count", trace.integer("Ev.cnt", state));
            step.put("byteAlignment", bytes("Ev.ral", state));
        }

        /** The bind and unbind steps every component shares. */
        boolean context(String op, int state, Map<String, Object> map, boolean results) {
            if (op.equals("bind") && !results) {
                map.put("maxByteAlignment", bytes("Ev.max", state));
            } else if ((op.equals("bind") || op.equals("unbind")) && results) {
                map.put("current", bytes("currentMax", trace.after(state)));
            }
            return op.equals("bind") || op.equals("unbind");
        }

        static Object call(String id, int index) {
            return List.of(id, index);
        }
    }
}
