package dev.cairn.verification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conformance command: its report, its exit status, its replay option. */
class ConformanceCommandTest {

    @TempDir
    Path directory;

    @Test
    void aConformingRunWritesTheReportAndExitsZero() throws IOException {
        Path report = directory.resolve("conformance.md");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = Conformance.run(new String[] {"--targets", "model,jdk-slicing", "--chains", "60", "--report",
                report.toString(), "--replays", directory.resolve("replays").toString()}, print(out), print(new ByteArrayOutputStream()));

        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
        String markdown = Files.readString(report);
        assertTrue(markdown.contains("| SP-4 | ok | VIOLATED (jdk-slicing-F"), markdown);
        assertTrue(markdown.contains("| GA-1 | ok | n/a |"), "jdk-slicing has no allocator:\n" + markdown);
        assertTrue(markdown.contains("| jdk-slicing | third_party | findings |"), markdown);
        assertTrue(markdown.contains("### jdk-slicing-F1"), markdown);
        assertTrue(Files.list(directory.resolve("replays")).findAny().isPresent(), "no replay file saved");
    }

    @Test
    void aReplayFileReproducesItsViolationAndTheExitStatusSaysSo() throws IOException {
        Path failing = directory.resolve("sp6.replay");
        Files.writeString(failing, ChainTest.SLICING_HAS_NO_FRAMES);
        Path passing = directory.resolve("pass.replay");
        Files.writeString(passing, "poolByteCapacity=64\nPUSH type=1 count=2 byteAlignment=8 ref=0\nPOP_TOP\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(1, Conformance.run(new String[] {"--replay", failing.toString(), "--target", "jdk-slicing"}, print(out), print(out)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("[SP-6]"), out.toString(StandardCharsets.UTF_8));
        assertEquals(0, Conformance.run(new String[] {"--replay", passing.toString(), "--target", "impl"}, print(out), print(out)));
    }

    @Test
    void badOptionsExitTwoNamingTheOption() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Conformance.run(new String[] {"--colour", "red"}, print(new ByteArrayOutputStream()), print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("option=--colour"), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
