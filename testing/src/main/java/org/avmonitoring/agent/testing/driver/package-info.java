/**
 * The driver contract test kit: {@link org.avmonitoring.agent.testing.driver.DriverContract} checks what every
 * {@code DeviceDriver} promises (deadline, no exceptional completion, socket released on cancel, {@code validate}
 * without I/O, secrets kept out, description consistent) against loopback peers of its own
 * ({@link org.avmonitoring.agent.testing.driver.SilentPeer}). Plain assertions (AssertionError), no test framework.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.driver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
