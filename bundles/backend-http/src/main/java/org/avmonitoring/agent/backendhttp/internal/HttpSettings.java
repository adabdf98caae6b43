package org.avmonitoring.agent.backendhttp.internal;

import java.time.Duration;

/**
 * How the agent reaches the backend ({@link BackendHttpComponent.Config}, in typed form).
 *
 * @param extraCaFile    PEM or DER file of CA certificates trusted in addition to the JDK's (a private CA); empty for
 *                       none
 * @param proxy          {@code host:port} of an outbound HTTP proxy; empty for a direct connection
 * @param requestTimeout one request, connect to the last byte of the answer
 */
public record HttpSettings(String extraCaFile, String proxy, Duration connectTimeout, Duration requestTimeout) {

    public HttpSettings {
        extraCaFile = extraCaFile == null ? "" : extraCaFile.trim();
        proxy = proxy == null ? "" : proxy.trim();
    }

    static HttpSettings from(BackendHttpComponent.Config c) {
        return new HttpSettings(c.extra_ca_file(), c.proxy(), Duration.ofSeconds(Math.max(1, c.connect_timeout_s())),
                Duration.ofSeconds(Math.max(1, c.request_timeout_s())));
    }
}
