/**
 * A Cisco RoomOS / CE codec simulator for the xAPI's HTTP(S) interface, written from Cisco's xAPI reference
 * ({@code GET /getxml?location=/Status/...}, {@code GET /status.xml}, HTTP Basic authentication, the status tree's
 * element names): many codecs on loopback addresses, status settable at run time, fault modes.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.cisco;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
