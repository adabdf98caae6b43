/**
 * A Samsung MDC (Multiple Display Control) display simulator, written from Samsung's MDC protocol document and the
 * open-source MDC clients cited in docs/drivers.md: binary frames {@code 0xAA cmd id len data checksum}, ACK/NAK
 * replies, the status, display status and identity commands, and the "Secured Protocol" banner.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.mdc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
