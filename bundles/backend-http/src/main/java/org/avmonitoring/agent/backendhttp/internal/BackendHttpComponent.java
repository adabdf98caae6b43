package org.avmonitoring.agent.backendhttp.internal;

import java.io.IOException;
import java.util.Optional;

import org.avmonitoring.agent.api.http.BackendAnswer;
import org.avmonitoring.agent.api.http.BackendHttp;
import org.avmonitoring.agent.api.http.BackendRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The backend client in the container. A change of this configuration replaces the service, which restarts the
 * reporter (its pending results stored first) and config sync: no {@code @Modified}, a client is never half-changed.
 */
@Component(service = BackendHttp.class, configurationPid = BackendHttpComponent.PID)
@Designate(ocd = BackendHttpComponent.Config.class)
public class BackendHttpComponent implements BackendHttp {
    static final String PID = "org.avmonitoring.agent.backendhttp";

    @ObjectClassDefinition(name = "AV Monitoring backend HTTP",
            description = "How the agent reaches the backend, for the reporter (POST /ingest) and config sync"
                    + " (GET /config/{token}). The backend URL and site token are in config.json.")
    public @interface Config {
        @AttributeDefinition(name = "Connect timeout (s)", description = "TCP and TLS connect.")
        int connect_timeout_s() default 10;

        @AttributeDefinition(name = "Request timeout (s)", description = "One request, to the end of the answer.")
        int request_timeout_s() default 30;

        @AttributeDefinition(name = "Extra CA file", required = false, description = "PEM file of CA certificates"
                + " trusted besides the system ones (a backend with a private CA). Verification is never turned off.")
        String extra_ca_file() default "";

        @AttributeDefinition(name = "HTTP proxy", required = false,
                description = "host:port of an outbound HTTP proxy; empty for a direct connection.")
        String proxy() default "";
    }

    private JdkBackendHttp http;

    @Activate
    void activate(Config config) {
        http = new JdkBackendHttp(HttpSettings.from(config));
    }

    @Override
    public Optional<String> problem() {
        return http.problem();
    }

    @Override
    public BackendAnswer exchange(BackendRequest request) throws IOException, InterruptedException {
        return http.exchange(request);
    }
}
