package dev.cairn.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's example is real code: its Java block is compiled against the built modules and
 * run. A renamed method or a wrong result breaks the build, not a reader.
 */
class ReadmeExampleTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)## Example\\s+```java\\n(.*?)```");

    @Test
    void theExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String block = javaBlock();
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : block.split("\n")) {
            if (line.startsWith("import ")) {
                imports.add(line);
            } else {
                body.append("        ").append(line).append('\n');
            }
        }
        String source = String.join("\n", imports) + "\n\npublic class ReadmeExample {\n"
                + "    public static void main(String[] args) throws Throwable {\n" + body + "    }\n}\n";
        Path file = dir.resolve("ReadmeExample.java");
        Files.writeString(file, source);
        compile(dir, file, source);
        run(dir);
    }

    private static String javaBlock() throws IOException {
        Matcher matcher = JAVA_BLOCK.matcher(Files.readString(Path.of("..", "README.md")));
        assertTrue(matcher.find(), "README.md has a ```java block under '## Example'");
        return matcher.group(1);
    }

    private static void compile(Path dir, Path file, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, status, () -> "the README example does not compile:\n"
                + errors.toString(StandardCharsets.UTF_8) + "\n--- generated source ---\n" + source);
    }

    private static void run(Path dir) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass("ReadmeExample").getMethod("main", String[].class);
            try {
                main.invoke(null, (Object) new String[0]);
            } catch (InvocationTargetException failed) {
                throw new AssertionError("the README example throws", failed.getCause());
            }
        }
    }
}
