/**
 * A stand-in for the central AV Monitoring backend ({@code POST /ingest}, {@code GET /config/{token}}) on loopback,
 * with fault modes switchable at runtime, for the reporter and config-sync tests, benchmarks and scripts/run-dev.sh.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
