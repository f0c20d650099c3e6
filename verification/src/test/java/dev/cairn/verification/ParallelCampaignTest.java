package dev.cairn.verification;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A campaign's result depends on its seed and settings, never on how many threads ran its chains
 * ({@link Campaign}): the same chains are generated (with the same mask), the same findings are
 * made and shrunk, and the same coverage is counted, on one thread or several.
 */
class ParallelCampaignTest {

    private static final int CHAINS = 150;

    @Test
    void theModelAgainstItselfGivesTheSameCampaignOnOneThreadAndOnThree() {
        Campaign.Result one = campaign(Targets.model(), 12, 1);
        Campaign.Result three = campaign(Targets.model(), 12, 3);

        assertTrue(one.actions() > CHAINS * (long) Conformance.DEFAULT_LENGTH / 2, "actions=" + one.actions());
        assertSameCampaign(one, three);
    }

    @Test
    void findingsTheirShrunkChainsAndTheMaskAreTheSameOnAnyThreadCount() {
        Campaign.Result one = campaign(Targets.byName("glibc"), 12, 1);
        Campaign.Result two = campaign(Targets.byName("glibc"), 12, 2);

        assertTrue(one.findings().size() > 2, "findings=" + one.findings());
        assertSameCampaign(one, two);
        for (int i = 0; i < one.findings().size(); i++) {
            Campaign.Finding first = one.findings().get(i);
            Campaign.Finding second = two.findings().get(i);
            assertEquals(first.violation(), second.violation());
            assertEquals(first.chainSeed(), second.chainSeed());
            assertEquals(first.actionsUntilFound(), second.actionsUntilFound());
            assertEquals(first.shrunk().format(), second.shrunk().format());
        }
    }

    @Test
    void aCampaignStoppedByItsFindingsMaximumInsideABatchCountsOnlyTheChainsUpToTheStop() {
        Campaign.Result one = campaign(Targets.byName("glibc"), 1, 1);
        Campaign.Result two = campaign(Targets.byName("glibc"), 1, 2);

        assertEquals(1, one.findings().size());
        assertEquals(one.findings().getFirst().actionsUntilFound(), one.actions(),
                "the campaign counts no action after the chain that made its last finding");
        assertSameCampaign(one, two);
    }

    @Test
    void aThreadCountOutsideItsRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Campaign.Settings(1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Campaign.Settings(1, 1, 1, 1, ChainWorkers.THREAD_COUNT_MAX + 1));
        assertEquals(1, new Campaign.Settings(1, 1, 1, 1).threadCount());
    }

    private static Campaign.Result campaign(Target target, int findingsMax, int threadCount) {
        Campaign.Settings settings = new Campaign.Settings(Conformance.DEFAULT_SEED, CHAINS, Conformance.DEFAULT_LENGTH,
                findingsMax, threadCount);
        return Campaign.run(Targets.model(), target, settings, done -> { });
    }

    private static void assertSameCampaign(Campaign.Result expected, Campaign.Result actual) {
        assertEquals(expected.actions(), actual.actions());
        assertEquals(expected.executed(), actual.executed());
        assertEquals(expected.coverage().faults(), actual.coverage().faults());
        for (Op op : Op.values()) {
            assertEquals(expected.coverage().hits(op), actual.coverage().hits(op), op::name);
        }
        for (Interesting state : Interesting.values()) {
            assertEquals(expected.coverage().hits(state), actual.coverage().hits(state), state::name);
        }
        List<String> expectedFindings = expected.findings().stream().map(f -> f.violation().toString()).toList();
        List<String> actualFindings = actual.findings().stream().map(f -> f.violation().toString()).toList();
        assertEquals(expectedFindings, actualFindings);
        assertFalse(expected.coverage().executed() == 0);
    }
}
