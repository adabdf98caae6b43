/**
 * What drivers of TCP request/response protocols share: one I/O thread per driver for every device's connection
 * ({@link org.avmonitoring.agent.driver.support.TcpConversations}), with connect, step and overall time limits and
 * a bound on unread bytes, so a driver writes only its protocol's {@link
 * org.avmonitoring.agent.driver.support.Conversation}.
 */
@Export
@Version("1.1.0")
package org.avmonitoring.agent.driver.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
