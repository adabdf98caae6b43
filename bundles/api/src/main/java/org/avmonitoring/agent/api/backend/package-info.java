/** State of the link to the central backend (reporting and config sync), for the UI and {@code /metrics}. */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.api.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
