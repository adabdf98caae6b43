/**
 * A Biamp Tesira simulator (Tesira Text Protocol over Telnet) written from Biamp's TTP pages: option negotiation,
 * the welcome banner, command echo, {@code DEVICE get} answers and a settable active fault list with Biamp's
 * indicator and fault ids; many devices on loopback addresses and the common fault modes.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.tesira;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
