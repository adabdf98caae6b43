/**
 * What tests of every module share: waiting on a condition ({@link org.avmonitoring.agent.testing.support.Await}),
 * searching the captured log ({@link org.avmonitoring.agent.testing.support.TestLog}), and the rule for tests that
 * need a Debian peer ({@link org.avmonitoring.agent.testing.support.Peers}).
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
