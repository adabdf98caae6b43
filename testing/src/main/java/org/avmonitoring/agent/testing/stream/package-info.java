/**
 * Simulated devices that speak a byte-stream protocol (Q-SYS QRC, Tesira TTP) and show one fault at a time, served
 * by the shared {@link org.avmonitoring.agent.testing.tcpsim.TcpSimulator}.
 */
@Export
@Version("2.0.0")
package org.avmonitoring.agent.testing.stream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
