package org.avmonitoring.agent.reporter.shared;

import java.time.Duration;

/**
 * How the agent reaches the backend, shared by the reporter and config sync.
 *
 * @param extraCaFile PEM or DER file of CA certificates trusted in addition to the JDK's (a private CA); empty for none
 * @param proxy       {@code host:port} of an outbound HTTP proxy; empty for a direct connection
 */
public record HttpSettings(String extraCaFile, String proxy, Duration connectTimeout) {

    public HttpSettings {
        extraCaFile = extraCaFile == null ? "" : extraCaFile.trim();
        proxy = proxy == null ? "" : proxy.trim();
    }
}
