package org.avmonitoring.agent.testing.nec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.avmonitoring.agent.testing.tcpsim.DeviceProtocol;
import org.avmonitoring.agent.testing.tcpsim.Fault;
import org.avmonitoring.agent.testing.tcpsim.SimulatedDevice;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;

/**
 * One simulated NEC display speaking External Control over TCP. A packet is {@code SOH '0' DEST SRC TYPE LEN(2)},
 * then {@code STX message ETX}, the BCC (XOR of every byte after SOH through ETX) and CR; LEN, two ASCII hex digits,
 * counts STX to ETX. The monitor answers packets addressed to its id ({@code 'A'} + id - 1) or to all ({@code '*'}),
 * from its own id to the controller ({@code '0'}); it ignores packets with a wrong BCC. It counts requests that came
 * sooner than the manual's 600 ms after the previous one ({@link #gapViolations()}).
 */
public final class SimulatedNecDisplay extends SimulatedDevice implements DeviceProtocol {
    static final byte SOH = 0x01;
    static final byte STX = 0x02;
    static final byte ETX = 0x03;
    static final byte CR = 0x0D;
    static final long MIN_GAP_NANOS = 600_000_000L;
    private static final int MAX_PACKET = 7 + 255 + 2;

    /** Power modes of the power status read. */
    public enum Power {
        ON(1), STANDBY(2), SUSPEND(3), OFF(4);

        final int code;

        Power(int code) {
            this.code = code;
        }
    }

    private final int monitorId;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger gapViolations = new AtomicInteger();
    private long lastRequestNanos;

    // State, guarded by this.
    private Power power = Power.ON;
    private final Map<Integer, int[]> parameters = new HashMap<>();
    private final Set<Integer> unsupported = new HashSet<>();
    private int[] diagnosis = {0x00};
    private String serial = "57100123NA";
    private String model = "MultiSync-SIM55";
    private int nullReplies;

    public SimulatedNecDisplay(int monitorId) {
        this.monitorId = monitorId;
        parameters.put(0x0060, new int[] {0x0088, 0x0011}); // input: HDMI1
        parameters.put(0x0062, new int[] {100, 30}); // volume
        parameters.put(0x008D, new int[] {2, 2}); // mute: 2 = unmute
    }

    @Override
    protected DeviceProtocol protocol() {
        return this;
    }

    public int monitorId() {
        return monitorId;
    }

    /** Well-formed requests for this monitor so far. */
    public int requests() {
        return requests.get();
    }

    /** Requests that arrived less than 600 ms after the previous one on the same monitor. */
    public int gapViolations() {
        return gapViolations.get();
    }

    public synchronized SimulatedNecDisplay power(Power p) {
        this.power = p;
        return this;
    }

    /** Current value of a parameter (page * 256 + opcode), e.g. 0x0060 input, 0x0062 volume, 0x008D mute. */
    public synchronized SimulatedNecDisplay parameter(int pageAndCode, int current) {
        int[] p = parameters.get(pageAndCode);
        parameters.put(pageAndCode, new int[] {p == null ? 0xFFFF : p[0], current});
        return this;
    }

    /** Parameters this model answers with result 01 (unsupported). */
    public synchronized SimulatedNecDisplay unsupported(int... pageAndCodes) {
        unsupported.clear();
        for (int c : pageAndCodes) {
            unsupported.add(c);
        }
        return this;
    }

    /** Self-diagnosis status codes; {@code 0x00} alone is normal. */
    public synchronized SimulatedNecDisplay diagnosis(int... codes) {
        this.diagnosis = codes.clone();
        return this;
    }

    public synchronized SimulatedNecDisplay identity(String serialNumber, String modelName) {
        this.serial = serialNumber;
        this.model = modelName;
        return this;
    }

    /** Answers the next {@code n} requests with the NULL message, as during a power or input change. */
    public synchronized SimulatedNecDisplay nullReplies(int n) {
        this.nullReplies = n;
        return this;
    }

    // ----- simulator thread -----

    @Override
    public void received(TcpSimulator.Connection connection, ByteBuffer in) {
        while (in.hasRemaining()) {
            int start = in.position();
            if (in.get(start) != SOH) {
                in.get();
                continue;
            }
            if (in.remaining() < 7) {
                return;
            }
            int len = hex(in.get(start + 5), in.get(start + 6));
            if (len < 0) {
                in.get();
                continue;
            }
            int total = 7 + len + 2;
            if (total > MAX_PACKET || in.remaining() < total) {
                return;
            }
            byte[] packet = new byte[total];
            in.get(packet);
            handle(connection, packet, len);
        }
    }

    private void handle(TcpSimulator.Connection connection, byte[] p, int len) {
        byte bcc = 0;
        for (int i = 1; i < p.length - 2; i++) {
            bcc ^= p[i];
        }
        byte dest = p[2];
        boolean forMe = dest == '*' || (dest & 0xff) == 0x40 + monitorId;
        if (len < 2 || bcc != p[p.length - 2] || p[p.length - 1] != CR || p[7] != STX || p[7 + len - 1] != ETX || !forMe) {
            return;
        }
        long now = System.nanoTime();
        if (requests.getAndIncrement() > 0 && now - lastRequestNanos < MIN_GAP_NANOS) {
            gapViolations.incrementAndGet();
        }
        lastRequestNanos = now;
        String message = new String(p, 8, len - 2, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        connection.reply(answer((char) p[4], message));
    }

    private synchronized byte[] answer(char type, String message) {
        if (has(Fault.REFUSE_ALL) || nullReplies > 0) {
            nullReplies = Math.max(0, nullReplies - 1);
            return packet('B', "BE");
        }
        if (type == 'C' && message.length() == 4) {
            int key = Integer.parseInt(message, 16);
            int[] v = parameters.get(key);
            if (v == null || unsupported.contains(key)) {
                return packet('D', "01" + message + "00" + "0000" + "0000");
            }
            return packet('D', "00" + message + "00" + hex4(v[0]) + hex4(v[1]));
        }
        if (type == 'A') {
            switch (message) {
                case "01D6":
                    return packet('B', "0200D6000004" + hex4(power.code));
                case "B1": {
                    StringBuilder s = new StringBuilder("A1");
                    for (int c : diagnosis) {
                        s.append(String.format(Locale.ROOT, "%02X", c));
                    }
                    return packet('B', s.toString());
                }
                case "C216":
                    return packet('B', "C316" + hexText(serial));
                case "C217":
                    return packet('B', "C317" + hexText(model));
                default:
                    break;
            }
        }
        return packet('B', "BE");
    }

    private byte[] packet(char type, String message) {
        byte[] m = message.getBytes(StandardCharsets.US_ASCII);
        int len = m.length + 2;
        byte[] p = new byte[7 + len + 2];
        p[0] = SOH;
        p[1] = '0';
        p[2] = '0';
        p[3] = (byte) (0x40 + monitorId);
        p[4] = (byte) type;
        p[5] = (byte) Character.toUpperCase(Character.forDigit(len >> 4, 16));
        p[6] = (byte) Character.toUpperCase(Character.forDigit(len & 0xf, 16));
        p[7] = STX;
        System.arraycopy(m, 0, p, 8, m.length);
        p[8 + m.length] = ETX;
        byte bcc = 0;
        for (int i = 1; i < p.length - 2; i++) {
            bcc ^= p[i];
        }
        p[p.length - 2] = has(Fault.BAD_CHECKSUM) ? (byte) (bcc ^ 0x5A) : bcc;
        p[p.length - 1] = CR;
        return p;
    }

    private static String hex4(int v) {
        return String.format(Locale.ROOT, "%04X", v & 0xffff);
    }

    /** Text as the manual encodes it: each byte as two ASCII hex digits. */
    private static String hexText(String s) {
        return HexFormat.of().withUpperCase().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static int hex(byte hi, byte lo) {
        int h = Character.digit(hi, 16);
        int l = Character.digit(lo, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
