/**
 * The device and result model shared by every bundle of the agent, the helpers that keep secrets out of logs, and
 * where the agent keeps its state ({@link org.avmonitoring.agent.api.AgentDataDir}).
 */
@Export
@Version("1.4.0")
package org.avmonitoring.agent.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
