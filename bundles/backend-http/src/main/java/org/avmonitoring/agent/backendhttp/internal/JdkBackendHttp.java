package org.avmonitoring.agent.backendhttp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import org.avmonitoring.agent.api.http.BackendAnswer;
import org.avmonitoring.agent.api.http.BackendHttp;
import org.avmonitoring.agent.api.http.BackendRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BackendHttp} on the JDK's {@link HttpClient}: the exchange written once for every caller. Public for the
 * tests of the bundles that use the service (this package is not exported).
 */
public final class JdkBackendHttp implements BackendHttp {
    private static final Logger LOG = LoggerFactory.getLogger(JdkBackendHttp.class);

    private final HttpSettings settings;
    /** null when {@link #problem} is set */
    private final HttpClient client;
    private final String problem;

    /** Builds the client, or logs once why there is none (then nothing is sent until the configuration is fixed). */
    public JdkBackendHttp(HttpSettings settings) {
        this.settings = settings;
        HttpClient c = null;
        String p = null;
        try {
            c = HttpClients.client(settings);
        } catch (IOException e) {
            p = "cannot set up HTTPS to the backend: " + e.getMessage();
            LOG.error("backend http: {}; nothing is sent until the backend HTTP configuration is fixed", p);
        }
        this.client = c;
        this.problem = p;
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public BackendAnswer exchange(BackendRequest r) throws IOException, InterruptedException {
        if (client == null) {
            throw new IOException(problem);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(r.backendUrl(), r.path()))
                .timeout(settings.requestTimeout());
        r.headers().forEach(b::header);
        b.header("X-Site-Token", r.token().reveal());
        HttpRequest request = (r.body() == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofByteArray(r.body())))
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int code = response.statusCode();
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(code == 200 ? r.maxOkBytes() : BackendAnswer.EXCERPT_BYTES);
        }
        return new BackendAnswer(code, body, response.headers().firstValue("Retry-After"));
    }

    /** {@code backend_url} with {@code path} appended, without doubling the slash. */
    static URI resolve(String backendUrl, String path) {
        String base = backendUrl.endsWith("/") ? backendUrl.substring(0, backendUrl.length() - 1) : backendUrl;
        return URI.create(base + path);
    }
}
