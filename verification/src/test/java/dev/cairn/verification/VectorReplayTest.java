package dev.cairn.verification;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector replayer on hand-written vectors in the format of {@code docs/vectors.md}: they pass
 * on the model and the implementation, and a vector whose expectation is changed fails at that
 * step, naming what differed.
 */
class VectorReplayTest {

    private static Map<String, Object> sample(String name) {
        return VectorRun.cast(Json.parse(VectorReplay.resource("vectors-sample/" + name)));
    }

    @Test
    void theSampleVectorsPassOnTheModelAndTheImplementation() {
        for (Target target : List.of(Targets.model(), Targets.impl())) {
            assertNull(VectorRun.replay(target, sample("stackpool-sample.json")), target.name());
            assertNull(VectorRun.replay(target, sample("allocator-sample.json")), target.name());
        }
    }

    @Test
    void everyCommittedAlloyVectorPassesOnTheModelAndTheImplementation() {
        List<String> names = VectorReplay.index();
        assertTrue(names.size() > 0, "no vectors listed in " + VectorReplay.ROOT + "index.txt");
        List<Map<String, Object>> vectors = names.stream()
                .map(name -> VectorRun.<Map<String, Object>>cast(Json.parse(VectorReplay.resource(VectorReplay.ROOT + name))))
                .toList();
        for (Target target : List.of(Targets.model(), Targets.impl(), Targets.implOver())) {
            VectorReplay.TargetResult result = VectorReplay.replay(target, vectors);
            assertEquals(List.of(), result.failures(), target.name());
            assertEquals(vectors.size(), result.passed() + result.skipped(), target.name());
            assertTrue(result.passed() > 0, target.name() + " replayed no vector");
        }
    }

    @Test
    void aChangedExpectationFailsAtItsStep() {
        String text = VectorReplay.resource("vectors-sample/stackpool-sample.json").replace("\"top\": 16", "\"top\": 24");
        String problem = VectorRun.replay(Targets.model(), VectorRun.cast(Json.parse(text)));
        assertNotNull(problem);
        assertTrue(problem.startsWith("step 1: top=16 but the vector requires 24"), problem);

        String wrongFault = VectorReplay.resource("vectors-sample/allocator-sample.json").replace("\"RC-2\"", "\"RC-3\"");
        String faultProblem = VectorRun.replay(Targets.model(), VectorRun.cast(Json.parse(wrongFault)));
        assertNotNull(faultProblem);
        assertTrue(faultProblem.contains("expected RefCountFault(RC-3) but threw RefCountFault(RC-2)"), faultProblem);
    }

    @Test
    void targetsThatCannotTakeAVectorSkipItWithTheReason() {
        assertEquals("no stack pool", VectorReplay.skipReason(ThirdParty.glibc(), sample("stackpool-sample.json")));
        assertTrue(VectorReplay.skipReason(ThirdParty.glibc(), sample("allocator-sample.json")).contains("undefined behaviour"));
        assertNull(VectorReplay.skipReason(Targets.impl(), sample("allocator-sample.json")));
    }

    @Test
    void theJsonReaderReadsWhatVectorsUseAndRejectsMalformedText() {
        Map<String, Object> value = VectorRun.cast(Json.parse(
                "{\"a\": [1, -2, 3.5, true, false, null, \"x\\\"y\\u0041\"], \"b\": {}}"));
        assertEquals(List.of(1L, -2L, 3.5, true, false, "x\"yA"), ((List<?>) value.get("a")).stream()
                .filter(java.util.Objects::nonNull).toList());
        assertEquals(Map.of(), value.get("b"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertTrue(bad.getMessage().startsWith("offset=5"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
    }
}
