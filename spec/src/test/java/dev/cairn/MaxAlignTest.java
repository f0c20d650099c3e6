package dev.cairn;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * MA-1, MA-2: MaxAlign's layout and alignment agree with what the system C compiler says; MA-3:
 * an unknown platform is refused by name. The C probe is compiled and run on every test run; on
 * Linux a missing compiler fails the test (it never skips).
 */
class MaxAlignTest {

    private static final List<String> MEMBERS =
            List.of("long_long", "long_double", "intmax_t", "data_pointer", "function_pointer");

    private static Map<String, Long> compiler;

    /** Where the probe is compiled; JUnit deletes it after the class. */
    @TempDir
    static Path dir;

    @BeforeAll
    static void runCProbe() throws Exception {
        Path source = dir.resolve("max_align_probe.c");
        try (InputStream in = MaxAlignTest.class.getResourceAsStream("max_align_probe.c")) {
            Files.write(source, in.readAllBytes());
        }
        String cc = findCompiler().orElse(null);
        if (cc == null) {
            fail("MA-2 needs a C compiler to compare with, and none of cc, gcc, clang is on the PATH;"
                    + " install one (Debian: apt-get install gcc)");
        }
        Path binary = dir.resolve("max_align_probe");
        run(List.of(cc, "-std=c11", "-O0", "-o", binary.toString(), source.toString()));
        compiler = parse(run(List.of(binary.toString())));
        System.out.println("[MaxAlignTest] C compiler " + cc + " reports: " + compiler);
        System.out.println("[MaxAlignTest] MaxAlign.LAYOUT = " + MaxAlign.LAYOUT
                + ", byteSize=" + MaxAlign.LAYOUT.byteSize() + ", BYTE_ALIGNMENT=" + MaxAlign.BYTE_ALIGNMENT);
    }

    @Test
    void byteAlignmentIsCsMaxAlignT() {
        assertEquals(compiler.get("max_align_t.byteAlignment"), MaxAlign.BYTE_ALIGNMENT, "MA-2");
    }

    @Test
    void structSizeAndAlignmentMatchC() {
        assertEquals(compiler.get("struct.byteSize"), MaxAlign.LAYOUT.byteSize(), "MA-1 struct size");
        assertEquals(compiler.get("struct.byteAlignment"), MaxAlign.LAYOUT.byteAlignment(), "MA-1 struct alignment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"long_long", "long_double", "intmax_t", "data_pointer", "function_pointer"})
    void memberMatchesC(String member) {
        MemoryLayout layout = MaxAlign.LAYOUT.select(PathElement.groupElement(member));
        long offset = MaxAlign.LAYOUT.byteOffset(PathElement.groupElement(member));
        System.out.printf("[MaxAlignTest] %-16s C: size=%d align=%d offset=%d | layout: size=%d align=%d offset=%d%n",
                member, compiler.get(member + ".byteSize"), compiler.get(member + ".byteAlignment"),
                compiler.get(member + ".byteOffset"), layout.byteSize(), layout.byteAlignment(), offset);
        assertEquals(compiler.get(member + ".byteSize"), layout.byteSize(), "MA-1 size of " + member);
        assertEquals(compiler.get(member + ".byteAlignment"), layout.byteAlignment(), "MA-1 alignment of " + member);
        assertEquals(compiler.get(member + ".byteOffset"), offset, "MA-1 offset of " + member);
    }

    @Test
    void membersAreInTheDesignNotesOrder() {
        List<String> named = MaxAlign.LAYOUT.memberLayouts().stream()
                .flatMap(m -> m.name().stream()).toList();
        assertEquals(MEMBERS, named);
    }

    @Test
    void longDoubleIsSixteenBytesOnLinuxX8664AndAarch64() {
        for (String arch : List.of("amd64", "x86_64", "aarch64")) {
            MemoryLayout layout = MaxAlign.longDoubleLayout("Linux", arch);
            assertEquals(16, layout.byteSize(), arch);
            assertEquals(16, layout.byteAlignment(), arch);
        }
    }

    @Test
    void unknownPlatformIsRefusedByName() {
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> MaxAlign.longDoubleLayout("SunOS", "sparcv9"));
        assertTrue(refused.getMessage().startsWith("[MA-3]"), refused.getMessage());
        assertTrue(refused.getMessage().contains("os.name=SunOS"), refused.getMessage());
        assertTrue(refused.getMessage().contains("os.arch=sparcv9"), refused.getMessage());
    }

    @Test
    void platformsWhereLongDoubleIsDoubleGiveEightByteMaxAlign() {
        MemoryLayout longDouble = MaxAlign.longDoubleLayout("Mac OS X", "aarch64");
        var layout = MaxAlign.structLayout(longDouble, java.lang.foreign.Linker.nativeLinker().canonicalLayouts());
        assertEquals(8, layout.byteAlignment());
        assertEquals(40, layout.byteSize());
        assertFalse(layout.memberLayouts().stream().anyMatch(m -> m.name().isEmpty()), "no padding needed");
    }

    private static Optional<String> findCompiler() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("cc", "gcc", "clang")) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("command " + command + " failed: " + output);
        }
        return output;
    }

    private static Map<String, Long> parse(String output) {
        Map<String, Long> values = new LinkedHashMap<>();
        Stream.of(output.split("\n")).map(String::strip).filter(l -> l.contains("=")).forEach(line -> {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).toLowerCase(Locale.ROOT)));
        });
        return values;
    }
}
