package org.avmonitoring.agent.collector.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.avmonitoring.agent.api.backend.BackendLink;
import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.driver.DriverCatalog;
import org.avmonitoring.agent.api.driver.DriverInfo;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the agent's metrics for a site's Prometheus. Read-only and free of secrets (device ids and
 * types only), served on the local HTTP port like the rest of the agent. The backend link's figures appear when the
 * reporter runs; without it the endpoint still answers.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardServletName("avmonitoring-metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    @Reference
    private transient MonitorService monitor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile BackendLink backendLink;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile DriverCatalog drivers;

    private String agentVersion = "";

    @Activate
    void activate(BundleContext context) {
        String v = context.getProperty("avmonitoring.version");
        agentVersion = v == null ? "" : v;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        BackendLinkStatus link = null;
        BackendLink l = backendLink;
        if (l != null) {
            try {
                link = l.status();
            } catch (RuntimeException e) {
                LOG.warn("backend link status unavailable for /metrics", e);
            }
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        Writer out = new BufferedWriter(new OutputStreamWriter(resp.getOutputStream(), StandardCharsets.UTF_8), 32 * 1024);
        DriverCatalog catalog = drivers;
        PrometheusText.render(out, agentVersion, monitor.stats(), monitor.states(), monitor.driverTypes(), link,
                Instant.now(), type -> {
                    DriverInfo info = catalog == null ? null : catalog.driver(type);
                    return info == null ? null : info.description();
                });
        out.flush();
    }
}
