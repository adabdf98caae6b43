package org.avmonitoring.agent.driver.cisco.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one trust manager of the driver's one HTTP client, deciding per codec (host:port as the TLS engine names the
 * peer): a pinned SHA-256 fingerprint of the codec's own certificate (the self-signed certificates codecs ship
 * with), a CA file (with the JDK's usual chain and host name checks), or else the JVM's default trust store with
 * the same checks. Nothing is ever trusted blindly: a codec without a rule must pass the default checks.
 */
final class EndpointTrust extends X509ExtendedTrustManager {

    /** How one endpoint is trusted: a pin, or a trust manager built from a CA file. */
    private record Rule(byte[] pin, X509ExtendedTrustManager cas) {
    }

    private final X509ExtendedTrustManager defaults;
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    EndpointTrust() throws GeneralSecurityException {
        this.defaults = trustManager(null);
    }

    /** Sets how {@code settings}' endpoint is trusted; reads the CA file, if any (small, local). */
    void apply(CodecSettings settings) throws XapiException {
        if (settings.pinnedSha256() != null) {
            rules.put(settings.endpoint(), new Rule(settings.pinnedSha256(), null));
        } else if (settings.caFile() != null) {
            rules.put(settings.endpoint(), new Rule(null, caTrust(Path.of(settings.caFile()))));
        } else {
            rules.remove(settings.endpoint());
        }
    }

    void remove(String endpoint) {
        rules.remove(endpoint);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        Rule rule = engine == null ? null : rules.get(engine.getPeerHost() + ":" + engine.getPeerPort());
        if (rule == null) {
            defaults.checkServerTrusted(chain, authType, engine);
        } else if (rule.pin() != null) {
            checkPin(chain, rule.pin());
        } else {
            rule.cas().checkServerTrusted(chain, authType, engine);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        defaults.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        defaults.checkServerTrusted(chain, authType);
    }

    /** The pin names the codec's own (leaf) certificate: exactly that certificate, whatever its issuer or name. */
    static void checkPin(X509Certificate[] chain, byte[] pin) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the codec presented no certificate");
        }
        byte[] actual = sha256(chain[0]);
        if (!MessageDigest.isEqual(actual, pin)) {
            throw new CertificateException("certificate SHA-256 " + colonHex(actual)
                    + " does not match tls_fingerprint_sha256");
        }
    }

    static byte[] sha256(Certificate c) throws CertificateException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot hash the certificate", e);
        }
    }

    static String colonHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client does not authenticate servers' clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client does not authenticate servers' clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not authenticate servers' clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return defaults.getAcceptedIssuers();
    }

    private static X509ExtendedTrustManager caTrust(Path file) throws XapiException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new XapiException("ca_file holds no certificate");
            }
            return trustManager(store);
        } catch (IOException e) {
            throw new XapiException("cannot read ca_file " + file.getFileName() + ": " + e.getClass().getSimpleName());
        } catch (GeneralSecurityException e) {
            throw new XapiException("ca_file " + file.getFileName() + " is not a PEM file of certificates");
        }
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return Arrays.stream(f.getTrustManagers()).filter(t -> t instanceof X509ExtendedTrustManager)
                .map(t -> (X509ExtendedTrustManager) t).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X509ExtendedTrustManager"));
    }

    /** For the SSLContext: this, as its only trust manager. */
    TrustManager[] asArray() {
        return new TrustManager[] {this};
    }
}
