package org.avmonitoring.agent.reporter.shared;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Secrets;

/**
 * Builds the {@link HttpClient} that talks to the backend: TLS with certificate and host-name verification always on
 * (the JDK defaults; nothing here turns them off), the JDK's trusted CAs plus an optional extra CA file, an optional
 * HTTP proxy, a bounded connect time. Also the small HTTP rules both backend clients share.
 */
public final class BackendHttp {
    /** Upper bound for a {@code Retry-After}: a backend asking for more is probably wrong. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private BackendHttp() {
    }

    /** @throws IOException naming the CA file or the proxy when they are unusable */
    public static HttpClient client(HttpSettings settings) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (!settings.extraCaFile().isEmpty()) {
            b.sslContext(sslContextTrusting(Path.of(settings.extraCaFile())));
        }
        if (!settings.proxy().isEmpty()) {
            b.proxy(ProxySelector.of(proxyAddress(settings.proxy())));
        }
        return b.build();
    }

    static InetSocketAddress proxyAddress(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new NumberFormatException("no port");
            }
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException("port out of range");
            }
            return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IOException("proxy \"" + hostPort + "\" is not host:port (" + e.getMessage() + ")");
        }
    }

    /** An SSL context trusting the JDK's default CAs and every certificate in {@code caFile}. */
    static SSLContext sslContextTrusting(Path caFile) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
                trust.setCertificateEntry("jdk-" + n++, ca);
            }
            Collection<? extends Certificate> extra;
            try (InputStream in = Files.newInputStream(caFile)) {
                extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (extra.isEmpty()) {
                throw new IOException("extra CA file " + caFile + " holds no certificate");
            }
            for (Certificate c : extra) {
                trust.setCertificateEntry("extra-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("extra CA file " + caFile + " is unusable: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                return (X509TrustManager) tm;
            }
        }
        throw new GeneralSecurityException("no default X509 trust manager");
    }

    /** {@code backend_url} with {@code path} appended, without doubling the slash. */
    public static URI resolve(String backendUrl, String path) {
        String base = backendUrl.endsWith("/") ? backendUrl.substring(0, backendUrl.length() - 1) : backendUrl;
        return URI.create(base + path);
    }

    /** The wait a {@code Retry-After} value asks for (seconds or an HTTP date), capped at {@link #MAX_RETRY_AFTER}. */
    public static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException notSeconds) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    /** A wait as a person reads it in a log line: {@code 850 ms}, {@code 12 s}, {@code 5 min}. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 10_000) {
            return ms + " ms";
        }
        return ms < 600_000 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    /** How much of an error answer is read, for log lines and the status. */
    public static final int ANSWER_EXCERPT_BYTES = 200;

    /**
     * The start of an error answer on one line, " (text)", with the token masked should the backend echo it;
     * empty for an empty answer.
     */
    public static String answerExcerpt(byte[] answer, Secret token) {
        String s = new String(answer, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        if (!token.isEmpty()) {
            s = s.replace(token.reveal(), Secrets.MASK);
        }
        return s.isEmpty() ? "" : " (" + s + ")";
    }

    /** A one-line reason for a failed exchange, for logs and status; never includes headers (the token). */
    public static String describe(Throwable e) {
        String msg = e.getMessage();
        String type = e.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? type : type + ": " + msg;
    }
}
