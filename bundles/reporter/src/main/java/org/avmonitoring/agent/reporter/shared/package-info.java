/**
 * What the reporter and config sync share to reach the backend: the HTTP client (TLS, extra CA, proxy), backoff,
 * Retry-After, the data dir. Private to the reporter bundle; config sync gets its own copy through bnd's
 * {@code -conditionalpackage}, so nothing here is exported.
 */
package org.avmonitoring.agent.reporter.shared;
