package org.avmonitoring.agent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * scripts/run-dev.sh keeps every address of the dev setup in 127.0.0.0/8, and its PJLink search reaches each class 2
 * simulator it starts (the driver's default search address, the broadcast address, left the machine and found none).
 */
class DevSetupTest {
    private static final Path SCRIPT = Path.of("../scripts/run-dev.sh");
    private static final Pattern IPV4 = Pattern.compile("\\b(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    private static final Pattern CLASS2_SIMULATORS =
            Pattern.compile("--count (\\d+) --base 127\\.(\\d+)\\.(\\d+)\\.(\\d+) --port 4352 --class 2 [^\\n]*--udp");
    private static final Pattern SEARCH_ADDRESS = Pattern.compile("searchAddress=([0-9.,]+)");

    @Test
    void everyAddressOfTheDevSetupIsLoopback() throws IOException {
        Matcher m = IPV4.matcher(Files.readString(SCRIPT));
        int seen = 0;
        while (m.find()) {
            assertEquals("127", m.group(1), "run-dev.sh: " + m.group() + " is not in 127.0.0.0/8");
            seen++;
        }
        assertTrue(seen > 5, "addresses found in the script: " + seen);
    }

    @Test
    void thePjLinkSearchReachesEachClass2Simulator() throws IOException {
        String script = Files.readString(SCRIPT);
        Matcher search = SEARCH_ADDRESS.matcher(script);
        assertTrue(search.find(), "run-dev.sh sets the PJLink driver's searchAddress (its default broadcasts)");
        List<String> searched = Arrays.asList(search.group(1).split(","));
        List<String> class2 = new ArrayList<>();
        Matcher sims = CLASS2_SIMULATORS.matcher(script);
        while (sims.find()) {
            int last = Integer.parseInt(sims.group(4));
            for (int i = 0; i < Integer.parseInt(sims.group(1)); i++) {
                class2.add("127." + sims.group(2) + "." + sims.group(3) + "." + (last + i));
            }
        }
        assertFalse(class2.isEmpty(), "run-dev.sh starts class 2 simulators answering the search (--udp)");
        assertEquals(class2, searched);
    }
}
