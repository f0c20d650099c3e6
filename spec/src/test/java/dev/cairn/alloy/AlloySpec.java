package dev.cairn.alloy;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;
import kodkod.engine.satlab.SATFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cairn's Alloy model as the tests see it: the {@code .als} files under {@code src/main/alloy},
 * parsed (possibly with one file's text replaced, for spec mutation) and solved with SAT4J.
 *
 * <p>The component modules hold the commands; {@code common} and {@code context} are imported by
 * them and hold none.
 */
final class AlloySpec {

    /**
     * The {@code spec} module's directory: the tests' working directory, or the system property
     * {@code cairn.spec.basedir} when the build runs a main class in its own JVM.
     */
    static final Path BASE_DIRECTORY = Path.of(System.getProperty("cairn.spec.basedir", "."));

    /** The directory of the model. */
    static final Path MODEL_DIRECTORY = BASE_DIRECTORY.resolve(Path.of("src", "main", "alloy"));

    /** The modules that hold commands, in the order the build checks them. */
    static final List<String> COMMAND_MODULES = List.of("stackpool.als", "general.als", "counting.als");

    private AlloySpec() {
    }

    /** {@return the path of a model file} @param fileName such as {@code "stackpool.als"} */
    static Path file(String fileName) {
        return MODEL_DIRECTORY.resolve(fileName).toAbsolutePath().normalize();
    }

    /** {@return the text of a model file} @param fileName such as {@code "stackpool.als"} */
    static String read(String fileName) {
        try {
            return Files.readString(file(fileName));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * Parses a component module.
     *
     * @param fileName     the module's file
     * @param replacements file name to text, for files whose text replaces what is on disk
     * @return the parsed module
     */
    static CompModule parse(String fileName, Map<String, String> replacements) {
        Map<String, String> loaded = new HashMap<>();
        replacements.forEach((name, text) -> loaded.put(file(name).toString(), text));
        return CompUtil.parseEverything_fromFile(A4Reporter.NOP, loaded, file(fileName).toString());
    }

    /**
     * {@return the options every command is solved with: SAT4J, no integer overflow, no partial
     * instance inferred from the facts}
     *
     * <p>Alloy's partial-instance inference (on by default) changes no outcome but cost about a
     * third of the model's solving time here (docs/alloy.md), so it is off.
     */
    static A4Options options() {
        A4Options options = new A4Options();
        options.solver = SATFactory.get("sat4j");
        options.noOverflow = true;
        options.skolemDepth = 1;
        options.inferPartialInstance = false;
        return options;
    }

    /**
     * Solves one command.
     *
     * @param module  the parsed module
     * @param command one of its commands
     * @return the solution: an instance (a counterexample for a check) or none
     */
    static A4Solution solve(CompModule module, Command command) {
        return TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, module.getAllReachableSigs(), command, options());
    }

    /**
     * {@return 1 if the command found an instance (a counterexample for a check), else 0: the
     * value {@code expect} states}
     *
     * @param module  the parsed module
     * @param command one of its commands
     */
    static int outcome(CompModule module, Command command) {
        return solve(module, command).satisfiable() ? 1 : 0;
    }
}
