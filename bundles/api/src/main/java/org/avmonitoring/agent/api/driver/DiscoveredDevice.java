package org.avmonitoring.agent.api.driver;

/**
 * A device that answered a discovery.
 *
 * @param type  device type to create it with
 * @param host  the address it answered from
 * @param port  the port to poll it on
 * @param label what it said about itself (e.g. its MAC address), for the person choosing
 */
public record DiscoveredDevice(String type, String host, int port, String label) {
}
