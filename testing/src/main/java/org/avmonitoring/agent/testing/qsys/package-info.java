/**
 * A Q-SYS Core simulator (QRC: JSON-RPC 2.0 over TCP, NUL-terminated) written from QSC's QRC help pages: many Cores
 * on loopback addresses, status settable at run time, access control, and the common fault modes.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.qsys;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
