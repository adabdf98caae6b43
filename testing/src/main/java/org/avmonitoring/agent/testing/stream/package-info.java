/**
 * A one-thread TCP server for simulated devices that speak a byte-stream protocol (Q-SYS QRC, Tesira TTP), with the
 * fault modes every simulator needs (silent, garbage, close, slow) applied the same way for each protocol.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.stream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
