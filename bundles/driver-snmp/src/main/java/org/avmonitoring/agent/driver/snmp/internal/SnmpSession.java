package org.avmonitoring.agent.driver.snmp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

import org.snmp4j.CommunityTarget;
import org.snmp4j.DirectUserTarget;
import org.snmp4j.PDU;
import org.snmp4j.SNMP4JSettings;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC128SHA224;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.AuthMD5;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.AuthenticationProtocol;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES192;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.PrivDES;
import org.snmp4j.security.PrivacyProtocol;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * The one SNMP4J {@link Snmp} session and UDP socket shared by every SNMP device: requests are asynchronous, SNMP4J
 * runs one receive thread and one retry timer, whatever the number of devices. v3 credentials travel in each request's
 * {@link DirectUserTarget} rather than in the shared USM user table, so two devices may use the same user name with
 * different passphrases.
 */
final class SnmpSession implements AutoCloseable {
    private final Snmp snmp;
    private final DefaultUdpTransportMapping transport;

    SnmpSession() throws IOException {
        // Agents send the wrong-digest and unknown-user reports unauthenticated (they cannot do better): accept them,
        // or a wrong password would look like a plain timeout. Process-wide, but this SNMP4J copy is private to the bundle.
        SNMP4JSettings.setReportSecurityLevelStrategy(SNMP4JSettings.ReportSecurityLevelStrategy.noAuthNoPrivIfNeeded);
        // Nobody reads SNMP4J's request statistics: without them a request allocates and fires no counter events.
        SNMP4JSettings.setSnmp4jStatistics(SNMP4JSettings.Snmp4jStatistics.none);
        SecurityProtocols protocols = SecurityProtocols.getInstance();
        protocols.addAuthenticationProtocol(new AuthMD5());
        protocols.addAuthenticationProtocol(new AuthSHA());
        protocols.addAuthenticationProtocol(new AuthHMAC128SHA224());
        protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
        protocols.addAuthenticationProtocol(new AuthHMAC256SHA384());
        protocols.addAuthenticationProtocol(new AuthHMAC384SHA512());
        protocols.addPrivacyProtocol(new PrivDES());
        protocols.addPrivacyProtocol(new PrivAES128());
        protocols.addPrivacyProtocol(new PrivAES192());
        protocols.addPrivacyProtocol(new PrivAES256());
        byte[] salt = new byte[8];
        new SecureRandom().nextBytes(salt);
        USM usm = new USM(protocols, new OctetString(MPv3.createLocalEngineID(new OctetString(salt))), 0);
        SecurityModels.getInstance().addSecurityModel(usm);
        transport = new DefaultUdpTransportMapping();
        // Room for the answers of many devices polled in the same instant.
        transport.setReceiveBufferSize(1 << 20);
        // Messages are decoded on the listen thread itself (no multi-threaded dispatcher), so its receive buffer can be
        // reused: otherwise SNMP4J allocates a new 64 KB buffer for every datagram received.
        transport.setAsyncMsgProcessingSupported(false);
        snmp = new Snmp(transport);
        snmp.getMessageDispatcher().addMessageProcessingModel(new MPv3(usm));
        snmp.listen();
    }

    /** A target for the device: community for v1/v2c, user and passphrases (localized per engine by SNMP4J) for v3. */
    Target<UdpAddress> target(SnmpSettings s, InetAddress address, int port) {
        UdpAddress to = new UdpAddress(address, port);
        Target<UdpAddress> t;
        if (s.v3()) {
            AuthenticationProtocol auth = s.authProtocol == null ? null : authProtocol(s.authProtocol);
            PrivacyProtocol priv = s.privProtocol == null ? null : privProtocol(s.privProtocol);
            DirectUserTarget<UdpAddress> u = new DirectUserTarget<>(to, new OctetString(s.user),
                    auth, s.authPassword == null ? null : new OctetString(s.authPassword),
                    priv, s.privPassword == null ? null : new OctetString(s.privPassword));
            u.setSecurityLevel(priv != null ? SecurityLevel.AUTH_PRIV : auth != null ? SecurityLevel.AUTH_NOPRIV : SecurityLevel.NOAUTH_NOPRIV);
            t = u;
        } else {
            CommunityTarget<UdpAddress> c = new CommunityTarget<>(to, new OctetString(s.community));
            c.setVersion("1".equals(s.version) ? SnmpConstants.version1 : SnmpConstants.version2c);
            t = c;
        }
        t.setTimeout(s.timeoutMs);
        t.setRetries(s.retries);
        return t;
    }

    /**
     * Sends {@code pdu}; the future completes from SNMP4J's receive or timer thread with the answer, a report, or no
     * response (timeout). Cancelling it drops the pending request and its retries.
     */
    CompletableFuture<ResponseEvent<?>> send(PDU pdu, Target<UdpAddress> target) {
        Request request = new Request(pdu);
        try {
            // The one transport, named rather than looked up by address class at every send.
            snmp.send(pdu, target, transport, null, request);
        } catch (IOException | RuntimeException e) {
            request.completeExceptionally(new SnmpFailure("cannot send to " + target.getAddress() + ": " + e.getMessage()));
        }
        return request;
    }

    /** One request in flight: its future and SNMP4J's listener for its answer in one object. */
    private final class Request extends CompletableFuture<ResponseEvent<?>> implements ResponseListener {
        private final PDU pdu;

        Request(PDU pdu) {
            this.pdu = pdu;
        }

        @Override
        public <A extends Address> void onResponse(ResponseEvent<A> event) {
            // SNMP4J keeps an asynchronous request (and its retries) pending until it is cancelled.
            snmp.cancel(event.getRequest(), this);
            complete(event);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                snmp.cancel(pdu, this);
            }
            return cancelled;
        }
    }

    static AuthenticationProtocol authProtocol(String name) {
        switch (name) {
            case "MD5": return new AuthMD5();
            case "SHA": return new AuthSHA();
            case "SHA224": return new AuthHMAC128SHA224();
            case "SHA256": return new AuthHMAC192SHA256();
            case "SHA384": return new AuthHMAC256SHA384();
            case "SHA512": return new AuthHMAC384SHA512();
            default: throw new IllegalArgumentException("auth_protocol " + name);
        }
    }

    static PrivacyProtocol privProtocol(String name) {
        switch (name) {
            case "DES": return new PrivDES();
            case "AES": return new PrivAES128();
            case "AES192": return new PrivAES192();
            case "AES256": return new PrivAES256();
            default: throw new IllegalArgumentException("priv_protocol " + name);
        }
    }

    @Override
    public void close() throws IOException {
        snmp.close();
    }
}
