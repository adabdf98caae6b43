package org.avmonitoring.agent.testing.cisco;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs simulated codecs until killed, for {@code scripts/run-dev.sh} and manual tests:
 * <pre>
 * java -cp testing/target/classes org.avmonitoring.agent.testing.cisco.CodecSimulatorMain \
 *     --base 127.0.14.1 --count 3 --port 8443 --user admin --password PW --keystore dev/codec.p12
 * </pre>
 * Codec {@code i} listens on the base address plus {@code i} (last byte only, 127/8 only). The second codec has a
 * warning diagnostic and the third a lost touch panel, so a dev setup shows each state. Prints the certificate's
 * fingerprint ({@code fingerprint AB:CD...}), then "ready".
 */
public final class CodecSimulatorMain {

    private CodecSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        String base = "127.0.14.1";
        int count = 1;
        int port = 8443;
        String user = "admin";
        String password = "";
        Path keystore = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--user" -> user = args[i + 1];
                case "--password" -> password = args[i + 1];
                case "--keystore" -> keystore = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int last = Integer.parseInt(base.substring(base.lastIndexOf('.') + 1));
        if (!base.startsWith("127.") || last + count > 255) {
            throw new IllegalArgumentException("--base must be 127.x.y.z with room for --count addresses");
        }
        CodecSimulator sim = new CodecSimulator(keystore);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "codec-simulator-shutdown"));
        String prefix = base.substring(0, base.lastIndexOf('.') + 1);
        for (int i = 0; i < count; i++) {
            SimulatedCodec c = sim.add(prefix + (last + i), port, true, user, password);
            if (i == 1) {
                c.messages(new SimulatedCodec.Message("Warning", "NetLinkStatus", "Network link is 100 Mbps half duplex"));
            } else if (i == 2) {
                c.peripherals(new SimulatedCodec.Peripheral("Cisco Room Navigator", "TouchPanel", "ResponseTimedOut"));
            }
            System.out.println("codec " + (i + 1) + " https://" + c.host() + ":" + c.port());
        }
        System.out.println("fingerprint " + sim.certificateSha256());
        System.out.println("ready");
        stop.await();
    }
}
