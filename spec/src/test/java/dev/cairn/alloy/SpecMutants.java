package dev.cairn.alloy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systematic weakenings of the Alloy model the spec-mutation test applies, one at a time:
 * <ul>
 *   <li>{@code drop}: delete one constraint (one line) of a predicate's body;</li>
 *   <li>{@code flip}: turn one comparison of a predicate or function into its neighbour
 *       ({@code <=} and {@code <}, {@code >=} and {@code >});</li>
 *   <li>{@code weaken}: relax one field multiplicity ({@code one} to {@code lone}, {@code lone}
 *       to {@code set}).</li>
 * </ul>
 * The model is written one constraint per line in predicate bodies, so a line is a constraint.
 */
final class SpecMutants {

    /** The files whose text is mutated, and the component module whose commands judge them. */
    static final List<List<String>> TARGETS = List.of(
            List.of("context.als", "stackpool.als"),
            List.of("stackpool.als", "stackpool.als"),
            List.of("general.als", "general.als"),
            List.of("counting.als", "counting.als"));

    /** Predicates that only shape the vector scenarios or labels; weakening them changes no rule. */
    private static final List<String> NOT_MUTATED = List.of("finite");

    private static final Pattern PRED = Pattern.compile("^pred (\\w+)");
    private static final Pattern FUN = Pattern.compile("^fun (\\w+)");
    private static final Pattern FIELD = Pattern.compile("^\\s+(var )?\\w+: (one|lone) ");
    private static final Pattern COMPARISON = Pattern.compile(" (<=|>=|<|>) ");

    private SpecMutants() {
    }

    /**
     * One mutant: a file whose line {@code lineIndex} is replaced.
     *
     * @param file        the mutated file
     * @param judge       the component module whose commands judge it
     * @param where       the predicate, function or signature the line belongs to
     * @param operator    {@code drop}, {@code flip} or {@code weaken}
     * @param lineIndex   the line's index (0-based)
     * @param original    the line as written
     * @param replacement the line in the mutant
     */
    record Mutant(String file, String judge, String where, String operator, int lineIndex, String original,
                  String replacement) {

        /** {@return a description stable under edits elsewhere in the file: file, where, operator, line} */
        String id() {
            return file + " | " + where + " | " + operator + " | " + original.trim()
                    + (operator.equals("drop") ? "" : " => " + replacement.trim());
        }

        /** {@return the mutated text of the file} @param text the file's text */
        String apply(String text) {
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            lines.set(lineIndex, replacement);
            return String.join("\n", lines);
        }
    }

    /** {@return every mutant of every target file, in file and line order} */
    static List<Mutant> all() {
        List<Mutant> mutants = new ArrayList<>();
        for (List<String> target : TARGETS) {
            mutants.addAll(of(target.get(0), target.get(1), AlloySpec.read(target.get(0))));
        }
        return mutants;
    }

    /**
     * {@return the mutants of one file}
     *
     * @param file  the file
     * @param judge the module whose commands judge it
     * @param text  the file's text
     */
    static List<Mutant> of(String file, String judge, String text) {
        List<Mutant> mutants = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String where = null;
        boolean inPred = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher pred = PRED.matcher(line);
            Matcher fun = FUN.matcher(line);
            if (pred.find()) {
                where = pred.group(1);
                inPred = !NOT_MUTATED.contains(where) && !line.trim().endsWith("}");
                continue;
            }
            if (fun.find()) {
                where = fun.group(1);
                inPred = false;
                flips(file, judge, where, i, line, mutants);
                continue;
            }
            if (line.startsWith("}") || line.startsWith("fact") || line.startsWith("assert")
                    || line.startsWith("run") || line.startsWith("check")) {
                inPred = false;
                where = null;
                continue;
            }
            if (line.startsWith("sig ") || line.startsWith("one sig ")) {
                where = "sig " + line.replaceFirst("^(one )?sig ", "").replaceFirst(" .*", "");
                continue;
            }
            if (where != null && where.startsWith("sig ")) {
                Matcher field = FIELD.matcher(line);
                if (field.find()) {
                    String weaker = field.group(2).equals("one") ? "lone" : "set";
                    mutants.add(new Mutant(file, judge, where, "weaken", i, line,
                            line.replaceFirst(": " + field.group(2) + " ", ": " + weaker + " ")));
                }
                continue;
            }
            if (inPred && isConstraint(line)) {
                mutants.add(new Mutant(file, judge, where, "drop", i, line, ""));
                flips(file, judge, where, i, line, mutants);
            } else if (where != null && !inPred && line.startsWith("  ")) {
                flips(file, judge, where, i, line, mutants);
            }
        }
        return mutants;
    }

    private static boolean isConstraint(String line) {
        String trimmed = line.trim();
        return !trimmed.isEmpty() && !trimmed.startsWith("--") && !trimmed.equals("}") && !trimmed.endsWith("{");
    }

    private static void flips(String file, String judge, String where, int index, String line, List<Mutant> mutants) {
        if (line.trim().startsWith("--")) {
            return;
        }
        Matcher comparison = COMPARISON.matcher(line);
        while (comparison.find()) {
            String flipped = switch (comparison.group(1)) {
                case "<=" -> "<";
                case "<" -> "<=";
                case ">=" -> ">";
                default -> ">=";
            };
            String replacement = line.substring(0, comparison.start()) + " " + flipped + " "
                    + line.substring(comparison.end());
            mutants.add(new Mutant(file, judge, where, "flip", index, line, replacement));
        }
    }
}
