/**
 * The device and result model shared by every bundle of the agent, and the helpers that keep secrets out of logs.
 */
@Export
@Version("1.3.0")
package org.avmonitoring.agent.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
