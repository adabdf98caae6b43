/**
 * Debian's {@code snmpd} run as an ordinary process on loopback with its own generated configuration, and a
 * throw-away network namespace that holds a host which never answers ICMP, for the SNMP and ping driver tests and
 * benchmarks, and a relay that makes one UDP server look like many devices answering late or never.
 */
@Export
@Version("1.1.0")
package org.avmonitoring.agent.testing.snmp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
