package dev.cairn.verification;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays the Alloy vectors (class-path resources {@value #ROOT}, listed in {@code index.txt})
 * against the model and each target.
 */
final class VectorReplay {

    /** Where the vectors are on the class path. */
    static final String ROOT = "META-INF/cairn/vectors/";

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
        return new Report.VectorSummary(List.of(names.size() + " vectors listed, none replayed"), false);
    }

    static String resource(String name) {
        try (InputStream in = VectorReplay.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
