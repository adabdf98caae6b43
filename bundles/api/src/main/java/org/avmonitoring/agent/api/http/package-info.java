/**
 * HTTP exchanges with the central backend, shared by the reporter ({@code POST /ingest}) and config sync
 * ({@code GET /config/{token}}): the {@link org.avmonitoring.agent.api.http.BackendHttp} service (provided by the
 * backend-http bundle, which owns TLS, the extra CA file, the proxy and the timeouts), what goes in and comes out of
 * one exchange, and the backoff both use between failed attempts.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
