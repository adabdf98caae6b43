/**
 * A small single-threaded TCP server for device simulators: many simulated devices on many loopback addresses
 * served by one selector thread, the fault modes every protocol shares (silent, garbage, close after accept, slow),
 * and per-device connection counters. Each protocol supplies a {@link org.avmonitoring.agent.testing.tcpsim.DeviceProtocol}.
 */
@Export
@Version("1.1.0")
package org.avmonitoring.agent.testing.tcpsim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
