package dev.cairn.verification;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JSON reader the vectors and the benchmark report share. */
class JsonTest {

    @Test
    void jsonReaderReadsNestingEscapesAndRejectsGarbage() {
        Object parsed = Json.parse(" {\"a\": [1, -2.5e1, true, null, \"q\\\"\\u0041\"], \"b\": {}} ");
        assertEquals(Map.of("a", Arrays.asList(1L, -25.0, true, null, "q\"A"), "b", Map.of()), parsed);
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(Json.DEPTH_MAX + 2)));
        assertEquals(List.of(), Json.parse("[]"));
    }
}
