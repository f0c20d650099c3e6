package dev.cairn.verification;

import dev.cairn.MaxAlign;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays the Alloy vectors (class-path resources {@value #ROOT}, listed in {@code index.txt}; the
 * format is {@code docs/vectors.md}) against the model and each target. The vectors come at the
 * Alloy scope (pools of 8 to 48 bytes, counts up to 3), so every boundary they cross is crossed
 * for real. A vector a target cannot take (no pool, no counting, or a free of a dead block on an
 * allocator where that is undefined behaviour) is skipped with the reason.
 */
final class VectorReplay {

    /** Where the vectors are on the class path. */
    static final String ROOT = "META-INF/cairn/vectors/";

    /**
     * The replay of every vector against one target.
     *
     * @param target   the target
     * @param passed   vectors that gave exactly what they require
     * @param skipped  vectors the target cannot take
     * @param failures one line per failed vector: its name and the first mismatch
     */
    record TargetResult(Target target, int passed, int skipped, List<String> failures) {
    }

    private VectorReplay() {
    }

    /** {@return the names listed in the index, or an empty list when there is no index} */
    static List<String> index() {
        String text = resource(ROOT + "index.txt");
        List<String> names = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    static Report.VectorSummary replayAll(List<Target> targets, PrintStream out) {
        List<String> names = index();
        if (names.isEmpty()) {
            out.println("vectors: none on the class path (" + ROOT + "index.txt)");
            return new Report.VectorSummary(List.of("no vectors on the class path (" + ROOT + "index.txt)"), false);
        }
        if (MaxAlign.BYTE_ALIGNMENT != 16) {
            String line = names.size() + " vectors skipped: they assume MaxAlign.BYTE_ALIGNMENT=16, here "
                    + MaxAlign.BYTE_ALIGNMENT;
            out.println("vectors: " + line);
            return new Report.VectorSummary(List.of(line), false);
        }
        List<Map<String, Object>> vectors = new ArrayList<>();
        for (String name : names) {
            vectors.add(VectorRun.cast(Json.parse(resource(ROOT + name))));
        }
        List<String> lines = new ArrayList<>();
        boolean failed = false;
        for (Target target : targets) {
            TargetResult result = replay(target, vectors);
            String line = target.name() + ": " + result.passed() + " passed, " + result.failures().size() + " failed, "
                    + result.skipped() + " skipped of " + vectors.size();
            out.println("vectors: " + line);
            lines.add(line);
            for (String failure : result.failures().subList(0, Math.min(5, result.failures().size()))) {
                out.println("  " + failure);
                lines.add("  " + target.name() + " failed " + failure);
            }
            failed |= target.role().mustConform() && !result.failures().isEmpty();
        }
        return new Report.VectorSummary(lines, failed);
    }

    /** {@return the replay of {@code vectors} against {@code target}} */
    static TargetResult replay(Target target, List<Map<String, Object>> vectors) {
        int passed = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> vector : vectors) {
            if (skipReason(target, vector) != null) {
                skipped++;
                continue;
            }
            String problem = VectorRun.replay(target, vector);
            if (problem == null) {
                passed++;
            } else {
                failures.add(vector.get("name") + ": " + problem);
            }
        }
        return new TargetResult(target, passed, skipped, failures);
    }

    /** {@return why {@code target} cannot take {@code vector}, or {@code null}} */
    static String skipReason(Target target, Map<String, Object> vector) {
        String component = String.valueOf(vector.get("component"));
        if (component.equals("StackPool")) {
            return target.has(Op.World.POOL) ? null : "no stack pool";
        }
        if (!target.has(Op.World.ALLOCATOR)) {
            return "no general allocator";
        }
        if (component.equals("RefCounted") && target.unsent().containsKey(Op.COUNTED)) {
            return "no reference counting";
        }
        if (target.unsent().containsKey(Op.FREE_TWICE) && freesADeadBlock(vector)) {
            return target.unsent().get(Op.FREE_TWICE);
        }
        return null;
    }

    private static boolean freesADeadBlock(Map<String, Object> vector) {
        for (Object entry : VectorRun.list(vector, "steps")) {
            Map<String, Object> step = VectorRun.cast(entry);
            Map<String, Object> expect = VectorRun.object(step, "expect");
            if ("ForeignBlockFault".equals(expect.get("fault"))) {
                return true;
            }
        }
        return false;
    }

    static String resource(String name) {
        try (InputStream in = VectorReplay.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
