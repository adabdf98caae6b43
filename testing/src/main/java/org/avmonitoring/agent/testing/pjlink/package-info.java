/**
 * A PJLink projector simulator written from the PJLink specification (class 1 v1.04, class 2 v2.00) and the field
 * deviations listed in the project's PJLink notes: many projectors on loopback addresses or ports, state settable
 * at runtime, and fault modes for robustness tests.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.pjlink;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
