package org.avmonitoring.agent.testing.tcpsim;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Addresses for many simulated devices, all inside 127.0.0.0/8. */
public final class Loopback {
    private Loopback() {
    }

    /**
     * The {@code n}-th address after {@code base} (n = 0 is {@code base}), skipping the .0 and .255 of each /24.
     *
     * @throws IllegalArgumentException when {@code base} is not a 127.x.y.z address or the range leaves 127/8
     */
    public static String nth(String base, int n) {
        byte[] b;
        try {
            b = InetAddress.getByName(base).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + base, e);
        }
        if (b.length != 4 || b[0] != 127) {
            throw new IllegalArgumentException("simulated devices live on 127.x.y.z only, not " + base);
        }
        long x = ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        for (int i = 0; i < n; i++) {
            x++;
            if ((x & 0xff) == 0 || (x & 0xff) == 0xff) {
                x += (x & 0xff) == 0 ? 1 : 2;
            }
        }
        if (x > 0xfffffeL) {
            throw new IllegalArgumentException("too many devices after " + base);
        }
        return "127." + ((x >> 16) & 0xff) + "." + ((x >> 8) & 0xff) + "." + (x & 0xff);
    }
}
