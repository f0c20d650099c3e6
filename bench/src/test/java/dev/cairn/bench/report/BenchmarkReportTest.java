package dev.cairn.bench.report;

import org.junit.jupiter.api.Test;

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
    }

    @Test
    void jsonReaderReadsNestingEscapesAndRejectsGarbage() {
        Object parsed = Json.parse(" {\"a\": [1, -2.5e1, true, null, \"q\\\"\\u0041\"], \"b\": {}} ");
        assertEquals(Map.of("a", java.util.Arrays.asList(1.0, -25.0, true, null, "q\"A"), "b", Map.of()), parsed);
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(Json.DEPTH_MAX + 2)));
        assertEquals(List.of(), Json.parse("[]"));
    }
}
