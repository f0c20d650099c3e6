package dev.cairn.verification;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof that the harness catches bugs: the default campaign (default seed, chain count and
 * length) finds every injected bug, names the clause it breaks, and shrinks the chain to at most
 * {@value #SHRUNK_LENGTH_MAX} actions; the shrunk chain replays to the same violation and passes
 * against the correct model.
 */
class InjectedBugsTest {

    static final int SHRUNK_LENGTH_MAX = 6;

    private static final List<String> TABLE = new ArrayList<>();

    static List<InjectedBugs.Bug> bugs() {
        return InjectedBugs.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void theDefaultCampaignFindsAndShrinksTheBug(InjectedBugs.Bug bug) {
        Campaign.Settings settings = new Campaign.Settings(Conformance.DEFAULT_SEED, Conformance.DEFAULT_CHAINS,
                Conformance.DEFAULT_LENGTH, 1);
        Campaign.Result result = Campaign.run(Targets.model(), bug.target(), settings, done -> { });

        assertFalse(result.findings().isEmpty(), bug.name() + " was not found in " + result.actions() + " actions");
        Campaign.Finding finding = result.findings().getFirst();
        assertTrue(bug.clauses().contains(finding.violation().clause()), finding.violation().toString());
        assertFalse(finding.violation().byReference(), finding.violation().toString());
        assertTrue(finding.shrunk().length() <= SHRUNK_LENGTH_MAX,
                "shrunk to " + finding.shrunk().length() + " actions:\n" + finding.shrunk().format());

        Runner.Result replayed = Runner.replay(bug.target(), finding.shrunk());
        assertNotNull(replayed.violation(), "the shrunk chain does not fail on replay");
        assertEquals(finding.violation().clause(), replayed.violation().clause());
        Runner.Result onModel = Runner.replay(Targets.model(), Chain.parse(finding.shrunk().format()));
        assertEquals(null, onModel.violation(), "the shrunk chain fails on the correct model too");

        TABLE.add("| " + bug.name() + " | " + finding.violation().clause().id() + " | " + finding.actionsUntilFound() + " | "
                + finding.originalLength() + " | " + finding.shrunk().length() + " |");
    }

    @AfterAll
    static void printTable() {
        System.out.println("| injected bug | clause | found after actions | failing chain | shrunk to |");
        System.out.println("|---|---|---|---|---|");
        TABLE.forEach(System.out::println);
    }
}
