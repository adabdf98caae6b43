package org.avmonitoring.agent.testing.support;

/**
 * Tests that need a Debian peer (snmpd, fping, chromium, root for network namespaces) skip with a message where the
 * peer is missing, which is right on a laptop; with {@code -Dpeers.required=true} (CI, {@code .ci/run}) a missing
 * peer fails the test instead, so that a green build means every test ran.
 */
public final class Peers {
    /** The system property that turns a missing peer into a failure. */
    public static final String REQUIRED = "peers.required";

    private Peers() {
    }

    /**
     * For an assumption: {@code assumeTrue(Peers.available(present, why), why)}.
     *
     * @param present whether the peer is there
     * @param what    what is missing and how to get it, e.g. "Debian package fping (apt-get install fping)"
     * @return {@code present}
     * @throws AssertionError when the peer is missing and {@value #REQUIRED} is true
     */
    public static boolean available(boolean present, String what) {
        if (!present && required()) {
            throw new AssertionError("a test peer is missing and -D" + REQUIRED + "=true: " + what);
        }
        return present;
    }

    public static boolean required() {
        return Boolean.getBoolean(REQUIRED);
    }
}
