package org.avmonitoring.agent.driver.ping.internal;

/** A check that could not be made (fping missing or not allowed to send ICMP, name not resolved): the reason for a human. */
final class PingFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean agentFault;

    PingFailure(String reason, boolean agentFault) {
        super(reason, null, false, false);
        this.agentFault = agentFault;
    }

    /** True when the agent, not the device, is at fault (the result is then unknown rather than ko). */
    boolean agentFault() {
        return agentFault;
    }
}
