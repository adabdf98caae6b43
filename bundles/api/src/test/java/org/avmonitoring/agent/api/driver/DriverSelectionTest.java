package org.avmonitoring.agent.api.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class DriverSelectionTest {

    static DriverSelection.Rank rank(int ranking, String version, long id) {
        return new DriverSelection.Rank(ranking, Version.parseVersion(version), id);
    }

    @Test
    void rankingThenBundleVersionThenNewestRegistration() {
        DriverSelection.Rank pinned = rank(10, "1.0.0", 5);
        DriverSelection.Rank newerBundle = rank(0, "2.0.0", 6);
        DriverSelection.Rank olderBundleLater = rank(0, "1.5.0", 9);
        DriverSelection.Rank sameBundleLater = rank(0, "2.0.0", 7);
        List<DriverSelection.Rank> all = List.of(newerBundle, olderBundleLater, pinned, sameBundleLater);
        assertEquals(pinned, all.stream().max(null).orElseThrow(), "a ranking beats any version");
        assertEquals(sameBundleLater, all.stream().filter(r -> r != pinned).max(null).orElseThrow(),
                "same ranking: the newest version, then the newest registration");
        assertEquals(newerBundle, List.of(newerBundle, olderBundleLater).stream().max(null).orElseThrow(),
                "an older jar registered later does not take over");
    }
}
