package dev.cairn.alloy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The committed vectors are exactly what the model gives now: regenerates them in memory and
 * compares file by file. When the model changes, regenerate with
 * {@code ./mvnw -q -pl spec test-compile exec:java -Pvectors} and commit the result.
 */
class VectorStalenessTest {

    @Test
    void committedVectorsEqualWhatTheModelGenerates() throws IOException {
        long start = System.nanoTime();
        Map<String, String> generated = VectorGenerator.generate();
        System.out.printf("[vectors] regenerated %d files in %dms%n", generated.size(), (System.nanoTime() - start) / 1_000_000);
        Map<String, String> committed = new TreeMap<>();
        try (var files = Files.list(VectorGenerator.VECTOR_DIRECTORY)) {
            for (Path path : files.toList()) {
                committed.put(path.getFileName().toString(), Files.readString(path));
            }
        }
        String advice = "; regenerate with ./mvnw -q -pl spec test-compile exec:java -Pvectors and commit";
        assertEquals(generated.keySet(), committed.keySet(), () -> "the vector files differ from the model's" + advice);
        for (Map.Entry<String, String> file : generated.entrySet()) {
            assertEquals(file.getValue(), committed.get(file.getKey()), () -> "file=" + file.getKey() + " is stale" + advice);
        }
    }
}
