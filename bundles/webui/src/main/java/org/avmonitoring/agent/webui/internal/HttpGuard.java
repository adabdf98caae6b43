package org.avmonitoring.agent.webui.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the whole HTTP port, ahead of every servlet (the UI and API, {@code /metrics}, the Web Console): the
 * {@code Host} header names this machine (against DNS rebinding), and for the Web Console, which has no CSRF token of
 * its own, a state-changing request comes from its own origin, and a source that keeps failing to log in waits
 * (429 with {@code Retry-After}); each failed login is logged with its source and count, never with what was sent.
 */
@Component(service = Preprocessor.class)
public class HttpGuard implements Preprocessor {
    private static final Logger LOG = LoggerFactory.getLogger(HttpGuard.class);

    private final LoginThrottle consoleLogins = new LoginThrottle(Clock.systemUTC());
    private String consoleRoot = "/system/console";

    @Activate
    void activate(BundleContext ctx) {
        consoleRoot = Optional.ofNullable(ctx.getProperty("felix.webconsole.manager.root")).orElse(consoleRoot);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest hreq = (HttpServletRequest) request;
        HttpServletResponse hres = (HttpServletResponse) response;
        String host = hreq.getHeader("Host");
        if (!RequestGuard.localHost(host)) {
            LOG.info("refused {} {} from {}: Host {}", hreq.getMethod(), hreq.getRequestURI(), hreq.getRemoteAddr(),
                    host == null ? "missing" : "not local");
            JsonAnswer.write(hres, RequestGuard.FOREIGN_HOST);
            return;
        }
        if (!hreq.getRequestURI().startsWith(consoleRoot)) {
            chain.doFilter(request, response);
            return;
        }
        ApiRequest methodOnly = new ApiRequest(hreq.getMethod(), hreq.getRequestURI(), null, null, null, null);
        ApiResponse crossSite = methodOnly.stateChanging()
                ? RequestGuard.crossSite(host, hreq.getHeader("Origin"), hreq.getHeader("Sec-Fetch-Site")) : null;
        if (crossSite != null) {
            LOG.info("Web Console refused {} {} from {}: cross-site", hreq.getMethod(), hreq.getRequestURI(),
                    hreq.getRemoteAddr());
            JsonAnswer.write(hres, crossSite);
            return;
        }
        console(hreq, hres, chain);
    }

    private void console(HttpServletRequest hreq, HttpServletResponse hres, FilterChain chain)
            throws IOException, ServletException {
        String source = hreq.getRemoteAddr();
        boolean credentials = hreq.getHeader("Authorization") != null;
        long wait = credentials ? consoleLogins.waitSeconds(source) : 0;
        if (wait > 0) {
            JsonAnswer.write(hres, ApiResponse.error(429, "", "too many failed logins: wait " + wait + " s")
                    .withHeader("Retry-After", Long.toString(wait)));
            return;
        }
        chain.doFilter(hreq, hres);
        if (credentials && hres.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            int inARow = consoleLogins.failed(source);
            LOG.warn("Web Console: failed login from {} ({} in a row{})", source, inARow,
                    inARow % LoginThrottle.MAX_FAILURES == 0
                            ? ", refused for " + LoginThrottle.LOCKOUT.toSeconds() + " s" : "");
        } else if (credentials && hres.getStatus() < 400) {
            consoleLogins.succeeded(source);
        }
    }
}
