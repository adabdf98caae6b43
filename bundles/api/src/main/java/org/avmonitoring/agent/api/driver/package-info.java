/**
 * The driver SPI: a bundle that registers a {@link org.avmonitoring.agent.api.driver.DeviceDriver} service with the
 * {@code avmonitoring.driver.type} property adds a device type to the agent. A third party needs only this package
 * and {@code org.avmonitoring.agent.api}.
 */
@Export
@Version("1.4.0")
package org.avmonitoring.agent.api.driver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
