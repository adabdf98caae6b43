package org.avmonitoring.agent.reporter.shared;

import java.io.IOException;
import java.net.http.HttpClient;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's HTTP client, or why there is none (an unusable CA file or proxy): then nothing is sent, the reason
 * is logged once and shown as the link's last error until the configuration is fixed.
 *
 * @param http    null when {@code problem} is set
 * @param problem null when {@code http} is set
 */
public record BackendClient(HttpClient http, String problem) {
    private static final Logger LOG = LoggerFactory.getLogger(BackendClient.class);

    /** @param who the log prefix of the caller ({@code backend link}, {@code config sync}) */
    public static BackendClient create(HttpSettings settings, String who) {
        try {
            return new BackendClient(BackendHttp.client(settings), null);
        } catch (IOException e) {
            String problem = "cannot set up HTTPS to the backend: " + e.getMessage();
            LOG.error("{}: {}; nothing is sent until the backend link configuration is fixed", who, problem);
            return new BackendClient(null, problem);
        }
    }
}
