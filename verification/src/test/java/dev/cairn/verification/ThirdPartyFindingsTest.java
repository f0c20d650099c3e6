package dev.cairn.verification;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every finding the default campaign makes on a third-party allocator is explained in the report
 * ({@link ThirdParty#explain}): a finding without an explanation is a new behaviour nobody has
 * looked at yet, or a bug of the adapter.
 */
class ThirdPartyFindingsTest {

    static List<Target> thirdParty() {
        return ThirdParty.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thirdParty")
    void everyFindingOfTheDefaultCampaignIsExplained(Target target) {
        Campaign.Settings settings = new Campaign.Settings(Conformance.DEFAULT_SEED, Conformance.DEFAULT_CHAINS,
                Conformance.DEFAULT_LENGTH, 12);
        Campaign.Result result = Campaign.run(Targets.model(), target, settings, done -> { });

        assertFalse(result.findings().isEmpty(), target.name() + " conforms: its explanations may be stale");
        for (Campaign.Finding finding : result.findings()) {
            assertNotNull(ThirdParty.explain(target.name(), finding.violation().clause()),
                    () -> target.name() + " has no explanation for " + finding.violation());
        }
    }
}
