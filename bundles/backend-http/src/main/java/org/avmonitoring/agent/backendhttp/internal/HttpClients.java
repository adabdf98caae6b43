package org.avmonitoring.agent.backendhttp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link HttpClient} that talks to the backend: TLS with certificate and host-name verification always on
 * (the JDK defaults; nothing here turns them off), the JDK's trusted CAs plus an optional extra CA file, an optional
 * HTTP proxy, a bounded connect time.
 */
final class HttpClients {
    private HttpClients() {
    }

    /** @throws IOException naming the CA file or the proxy when they are unusable */
    static HttpClient client(HttpSettings settings) throws IOException {
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
}
