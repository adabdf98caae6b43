package org.avmonitoring.agent.testing.mdc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.avmonitoring.agent.testing.tcpsim.DeviceProtocol;
import org.avmonitoring.agent.testing.tcpsim.Fault;
import org.avmonitoring.agent.testing.tcpsim.SimulatedDevice;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;

/**
 * One simulated Samsung display speaking MDC over TCP. Requests are {@code 0xAA, CMD, ID, LEN, DATA..., CHK} with
 * CHK the sum of every byte after 0xAA, mod 256; a get is a request with LEN 0. The display answers requests for its
 * own id with {@code 0xAA, 0xFF, ID, LEN, 'A' | 'N', CMD, VALUES..., CHK} (LEN counts from the A/N byte to the last
 * value), executes broadcast (id 0xFE) without answering, and ignores frames with a wrong checksum. State is settable
 * from any thread.
 */
public final class SimulatedMdcDisplay extends SimulatedDevice implements DeviceProtocol {
    static final int HEADER = 0xAA;
    static final int BROADCAST = 0xFE;
    /** What a NAK carries: no public table of error values exists, 0x01 stands for "not supported". */
    static final int NAK_NOT_SUPPORTED = 0x01;

    private final int displayId;
    private final AtomicInteger requests = new AtomicInteger();

    // State, guarded by this.
    private int power = 1;
    private int volume = 20;
    private boolean mute;
    private int input = 0x21;
    private int aspect = 0x10;
    private boolean lampError;
    private boolean temperatureError;
    private int brightnessSensor = 2;
    private int noSync;
    private int temperatureC = 41;
    private int fan = 2;
    private String serial = "0A1B3CAN800012";
    private String model = "QM55R-SIM";
    private String softwareVersion = "S-HKR55WWC-1010.2";
    private final Set<Integer> unsupported = new HashSet<>();

    public SimulatedMdcDisplay(int displayId) {
        this.displayId = displayId;
    }

    public int displayId() {
        return displayId;
    }

    @Override
    protected DeviceProtocol protocol() {
        return this;
    }

    /** Requests answered or refused so far (every well-formed frame for this display). */
    public int requests() {
        return requests.get();
    }

    /** 0 off (standby), 1 on. */
    public synchronized SimulatedMdcDisplay power(int p) {
        this.power = p;
        return this;
    }

    public synchronized SimulatedMdcDisplay volume(int v, boolean muted) {
        this.volume = v;
        this.mute = muted;
        return this;
    }

    public synchronized SimulatedMdcDisplay input(int code) {
        this.input = code;
        return this;
    }

    /** The 0x0D display status group. */
    public synchronized SimulatedMdcDisplay displayStatus(boolean lamp, boolean temperature, int brightSensor,
                                                          int sync, int celsius, int fanState) {
        this.lampError = lamp;
        this.temperatureError = temperature;
        this.brightnessSensor = brightSensor;
        this.noSync = sync;
        this.temperatureC = celsius;
        this.fan = fanState;
        return this;
    }

    public synchronized SimulatedMdcDisplay noSync(int sync) {
        this.noSync = sync;
        return this;
    }

    public synchronized SimulatedMdcDisplay temperature(int celsius) {
        this.temperatureC = celsius;
        return this;
    }

    public synchronized SimulatedMdcDisplay identity(String serialNumber, String modelName, String software) {
        this.serial = serialNumber;
        this.model = modelName;
        this.softwareVersion = software;
        return this;
    }

    /** Commands this model answers with a NAK, as models without that feature do. */
    public synchronized SimulatedMdcDisplay unsupported(int... commands) {
        unsupported.clear();
        for (int c : commands) {
            unsupported.add(c);
        }
        return this;
    }

    // ----- simulator thread -----

    @Override
    public void connected(TcpSimulator.Connection connection) {
        if (has(Fault.SECURED)) {
            connection.reply("MDCSTART<<TLS>>".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void received(TcpSimulator.Connection connection, ByteBuffer in) {
        if (has(Fault.SECURED)) {
            in.position(in.limit()); // Waits for a TLS handshake that plain MDC never starts.
            return;
        }
        while (in.hasRemaining()) {
            if ((in.get(in.position()) & 0xff) != HEADER) {
                in.get(); // Noise between frames is skipped, as on a serial line.
                continue;
            }
            if (in.remaining() < 4) {
                return;
            }
            int len = in.get(in.position() + 3) & 0xff;
            if (in.remaining() < 5 + len) {
                return;
            }
            byte[] frame = new byte[5 + len];
            in.get(frame);
            int sum = 0;
            for (int i = 1; i < frame.length - 1; i++) {
                sum += frame[i] & 0xff;
            }
            int id = frame[2] & 0xff;
            if ((sum & 0xff) != (frame[frame.length - 1] & 0xff) || id != displayId && id != BROADCAST) {
                continue; // Not for this display, or damaged: no answer.
            }
            byte[] data = new byte[len];
            System.arraycopy(frame, 4, data, 0, len);
            byte[] answer = answer(frame[1] & 0xff, data);
            if (id != BROADCAST) {
                requests.incrementAndGet();
                connection.reply(answer);
            }
        }
    }

    private synchronized byte[] answer(int cmd, byte[] data) {
        if (has(Fault.REFUSE_ALL) || unsupported.contains(cmd)) {
            return reply(false, cmd, new byte[] {NAK_NOT_SUPPORTED});
        }
        if (data.length > 0) {
            if (cmd == 0x11 && data.length == 1) {
                power = data[0] & 0xff;
                return reply(true, cmd, data);
            }
            return reply(false, cmd, new byte[] {NAK_NOT_SUPPORTED});
        }
        switch (cmd) {
            case 0x00:
                return reply(true, cmd, bytes(power, volume, mute ? 1 : 0, input, aspect, 0, 0));
            case 0x0B:
                return reply(true, cmd, padded(serial, 18));
            case 0x0D:
                return reply(true, cmd, bytes(lampError ? 1 : 0, temperatureError ? 1 : 0, brightnessSensor, noSync,
                        temperatureC, fan));
            case 0x0E:
                return reply(true, cmd, softwareVersion.getBytes(StandardCharsets.US_ASCII));
            case 0x11:
                return reply(true, cmd, bytes(power));
            case 0x12:
                return reply(true, cmd, bytes(volume));
            case 0x13:
                return reply(true, cmd, bytes(mute ? 1 : 0));
            case 0x14:
                return reply(true, cmd, bytes(input));
            case 0x8A:
                return reply(true, cmd, model.getBytes(StandardCharsets.US_ASCII));
            default:
                return reply(false, cmd, new byte[] {NAK_NOT_SUPPORTED});
        }
    }

    private byte[] reply(boolean ack, int cmd, byte[] values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(HEADER);
        b.write(0xFF);
        b.write(displayId);
        b.write(2 + values.length);
        b.write(ack ? 'A' : 'N');
        b.write(cmd);
        b.write(values, 0, values.length);
        byte[] f = b.toByteArray();
        int sum = 0;
        for (int i = 1; i < f.length; i++) {
            sum += f[i] & 0xff;
        }
        byte[] out = java.util.Arrays.copyOf(f, f.length + 1);
        out[f.length] = (byte) (has(Fault.BAD_CHECKSUM) ? sum + 1 : sum);
        return out;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** A text field as some firmware sends it: NUL-padded to a fixed length. */
    private static byte[] padded(String s, int length) {
        byte[] t = s.getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(t, Math.max(length, t.length));
    }
}
