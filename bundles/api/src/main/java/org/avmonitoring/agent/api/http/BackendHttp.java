package org.avmonitoring.agent.api.http;

import java.io.IOException;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The agent's one way to the backend: TLS with certificate and host-name verification always on, the configured extra
 * CA file, proxy, connect and request timeouts. Provided by the backend-http bundle; a change of its configuration
 * replaces the service (its users restart with it).
 */
@ProviderType
public interface BackendHttp {

    /**
     * Why nothing can be sent (an unusable CA file or proxy, named), until the configuration is fixed; empty when the
     * client is ready.
     */
    Optional<String> problem();

    /**
     * Sends one request and reads the start of its answer (see {@link BackendRequest#maxOkBytes()}).
     *
     * @throws IllegalArgumentException when the backend URL is not a usable http(s) URL
     * @throws IOException              when the backend is unreachable, too slow, refuses TLS, or {@link #problem()}
     *                                  is set; the message never holds the request's headers (the token)
     */
    BackendAnswer exchange(BackendRequest request) throws IOException, InterruptedException;

    /** A one-line reason for a failed exchange, for logs and status: the exception's type and message. */
    static String describe(Throwable e) {
        String msg = e.getMessage();
        String type = e.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? type : type + ": " + msg;
    }
}
