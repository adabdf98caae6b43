/**
 * What tests of every module share: waiting on a condition ({@link org.avmonitoring.agent.testing.support.Await}),
 * searching the captured log ({@link org.avmonitoring.agent.testing.support.TestLog}), and the rule for tests that
 * need a Debian peer ({@link org.avmonitoring.agent.testing.support.Peers}), and which simulated devices of a benchmark
 * are silent or slow ({@link org.avmonitoring.agent.testing.support.Impairment}), and how a simulator stops its selector
 * thread ({@link org.avmonitoring.agent.testing.support.SelectorLoops}).
 */
@Export
@Version("1.2.0")
package org.avmonitoring.agent.testing.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
