package org.avmonitoring.agent.api.driver;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Offered by the collector to drivers that learn of a change outside a poll (a PJLink class 2 status notification):
 * the devices of that type at that host are checked now rather than at their next interval.
 */
@ProviderType
public interface CheckTrigger {

    /** Schedules an immediate check of every enabled device with this type and host (an IP address or host name). */
    void checkNow(String type, String host);
}
