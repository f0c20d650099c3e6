package dev.cairn.bench.report;

import dev.cairn.verification.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report generator computes its columns from JMH's JSON, per group of equal parameters. */
class BenchmarkReportTest {

    static String result(String method, String depth, double score, double alloc) {
        return """
                {"jmhVersion":"1.37","benchmark":"dev.x.W.%s","mode":"avgt","forks":1,"jdkVersion":"25.0.1",
                 "vmName":"VM","vmVersion":"1","jvmArgs":["-Dflag"],"warmupIterations":3,"warmupTime":"1 s",
                 "measurementIterations":5,"measurementTime":"1 s","params":{"depth":"%s"},
                 "primaryMetric":{"score":%s,"scoreError":"NaN","scoreUnit":"ns/op"},
                 "secondaryMetrics":{"gc.alloc.rate.norm":{"score":%s,"scoreUnit":"B/op"}}}
                """.formatted(method, depth, score, alloc);
    }

    static String render() {
        String json = "[" + String.join(",",
                result("baselineBump", "10", 10.0, 0.0),
                result("cairnFrame", "10", 8.0, 0.0),
                result("peerSlow", "10", 40.0, 96.0),
                result("peerFast", "10", 20.0, 0.0),
                result("refOffsets", "10", 5.0, 0.0),
                result("baselineBump", "2", 4.0, 0.0),
                result("cairnFrame", "2", 6.0, 0.0),
                result("peerFast", "2", 12.0, 24.0)) + "]";
        return BenchmarkReport.render(BenchmarkReport.results(Json.parse(json)),
                Map.of("--command", "run it", "--load-before", "load average: 1.00"));
    }

    @Test
    void ratiosAreTakenWithinTheGroupOfEqualParameters() {
        String text = render();
        assertTrue(text.contains("| 10 | **cairnFrame** | Cairn | 8.00 ± NaN ns/op | 0.80× | 0.40× (peerFast) | 0.000 |"), text);
        assertTrue(text.contains("| 2 | **cairnFrame** | Cairn | 6.00 ± NaN ns/op | 1.50× | 0.50× (peerFast) | 0.000 |"), text);
        assertTrue(text.contains("| 10 | peerSlow | peer | 40.00 ± NaN ns/op | 4.00× | 2.00× (peerFast) | 96 |"), text);
        assertTrue(text.contains("| 10 | refOffsets | reference | 5.00 ± NaN ns/op | 0.50×"), text);
        assertTrue(text.indexOf("| 2 | baselineBump") < text.indexOf("| 10 | baselineBump"), "numeric order of groups");
        assertTrue(text.contains("run it") && text.contains("load average: 1.00") && text.contains("JDK: 25.0.1"), text);
        assertTrue(text.contains("`dev.x.W`: forks 1, warmup 3 × 1 s, measurement 5 × 1 s"), text);
    }

    /** Several JSON files (one per workload run) make one report, written where asked. */
    @Test
    void mainJoinsSeveralResultFilesIntoOneReport(@TempDir Path directory) throws IOException {
        Path first = Files.writeString(directory.resolve("a.json"), "[" + result("baselineA", "1", 2.0, 0.0) + "]");
        Path second = Files.writeString(directory.resolve("b.json"), "[" + result("cairnB", "1", 3.0, 0.0) + "]");
        Path out = directory.resolve("docs/benchmarks.md");
        BenchmarkReport.main(new String[] {"--json", first + "," + second, "--out", out.toString()});
        String text = Files.readString(out);
        assertTrue(text.contains("| 1 | baselineA | baseline | 2.00") && text.contains("| 1 | **cairnB** | Cairn | 3.00 ± NaN ns/op | 1.50×"), text);
        assertThrows(IllegalArgumentException.class, () -> BenchmarkReport.main(new String[] {"--out", out.toString()}));
    }
}
