package org.avmonitoring.agent.driver.cisco.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLException;

import org.avmonitoring.agent.api.CheckResult;

/**
 * One poll of one codec: the {@link StatusSections} asked one after the other over the driver's shared client
 * (HTTP/1.1 keep-alive: one connection, one TLS handshake per poll at most), each reply parsed and read into the
 * result. Any failure ends the poll with ko and a reason a person can act on.
 */
final class CodecPoll {
    static final String AUTH_FAILED = "authentication failed";

    private final HttpClient client;
    private final CodecSettings settings;
    private final String authorization;
    private final CheckResult.Builder result;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private volatile CompletableFuture<?> inFlight;

    CodecPoll(HttpClient client, CodecSettings settings, Instant startedAt) {
        this.client = client;
        this.settings = settings;
        this.startedAt = startedAt;
        this.result = CheckResult.builder(startedAt);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** Completes with the result, ko with a reason for every failure; never exceptionally. */
    CompletableFuture<CheckResult> run() {
        return ask(0).handle((r, e) -> e == null ? r : CheckResult.ko(startedAt, reason(e)));
    }

    /** Drops the request in flight (its connection closes): the collector gave up on this poll. */
    void cancel() {
        CompletableFuture<?> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
    }

    private CompletableFuture<CheckResult> ask(int index) {
        StatusSections[] sections = StatusSections.values();
        if (index == sections.length) {
            return CompletableFuture.completedFuture(result.build());
        }
        StatusSections section = sections[index];
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri(section))
                    .timeout(Duration.ofMillis(settings.timeoutMs()))
                    .header("Authorization", authorization)
                    .header("Accept", "text/xml")
                    .GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new XapiException("host cannot be used in a URL: "
                    + XapiXml.printable(settings.host())));
        }
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request, BoundedBody.handler(XapiXml.MAX_BYTES));
        inFlight = sent;
        return sent.thenCompose(response -> {
            if (index == 0) {
                result.latencyMs((System.nanoTime() - startNanos) / 1e6);
            }
            try {
                read(section, response);
            } catch (XapiException e) {
                throw new CompletionException(e);
            }
            return ask(index + 1);
        });
    }

    private URI uri(StatusSections section) {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create(settings.scheme() + "://" + host + ":" + settings.port() + section.location());
    }

    private void read(StatusSections section, HttpResponse<byte[]> response) throws XapiException {
        int code = response.statusCode();
        if (code == 401) {
            throw new XapiException(AUTH_FAILED);
        }
        if (code >= 300 && code < 400) {
            throw new XapiException("HTTP " + code + " redirect from the codec (is scheme right? it is "
                    + settings.scheme() + ")");
        }
        if (code != 200) {
            throw new XapiException("HTTP " + code + " from the codec for " + section.location());
        }
        section.readReply(XapiXml.parse(response.body()), result);
    }

    /** A short, credential-free reason for a failed poll. */
    private String reason(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof XapiException) {
            return t.getMessage();
        }
        if (t instanceof HttpConnectTimeoutException) {
            return "no connection within " + settings.timeoutMs() + " ms";
        }
        if (t instanceof HttpTimeoutException) {
            return "no answer within " + settings.timeoutMs() + " ms";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        CertificateException untrusted = cause(t, CertificateException.class);
        if (untrusted != null) {
            String why = String.valueOf(untrusted.getMessage());
            return "certificate not trusted: " + XapiXml.printable(why.startsWith("certificate SHA-256") ? why
                    : "not signed by a trusted CA for this host; set tls_fingerprint_sha256 or ca_file");
        }
        if (t instanceof SSLException) {
            return "TLS handshake failed: " + XapiXml.printable(String.valueOf(t.getMessage()));
        }
        if (t instanceof IOException) {
            String m = String.valueOf(t.getMessage());
            if (m.startsWith("reply larger")) {
                return m;
            }
            return m.contains("closed") || m.contains("EOF") || m.contains("header parser")
                    ? "connection closed by the codec" : "I/O error: " + XapiXml.printable(m);
        }
        return "poll failed: " + t.getClass().getSimpleName();
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
