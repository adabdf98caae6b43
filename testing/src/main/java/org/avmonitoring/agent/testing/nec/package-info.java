/**
 * An NEC / Sharp NEC large-format display simulator for the "External Control" protocol (TCP 7142), written from
 * NEC's External Control manuals cited in docs/drivers.md: {@code SOH '0' dest src type len STX message ETX BCC CR}
 * packets, power status read, get parameter, self-diagnosis, serial number and model name, the NULL message.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.nec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
