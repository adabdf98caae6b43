/**
 * The collector's live state, offered to the UI and the reporter: latest result and history per device, agent
 * statistics, and the whiteboard through which every result is published.
 */
@Export
@Version("1.1.0")
package org.avmonitoring.agent.api.monitor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
