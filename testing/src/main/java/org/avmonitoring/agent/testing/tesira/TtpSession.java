package org.avmonitoring.agent.testing.tesira;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.avmonitoring.agent.testing.tcpsim.DeviceProtocol;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;

/**
 * The server side of one Tesira Text Protocol session over Telnet, from Biamp's TTP pages: option negotiation
 * first ({@code IAC DO/WILL ...}), the "Welcome to the Tesira Text Protocol Server..." banner, then one answer per
 * LF-terminated command, each preceded by the echo of the command: {@code +OK "value":...} or {@code -ERR ...}.
 */
final class TtpSession implements DeviceProtocol {
    private static final int IAC = 255;
    private static final int WONT = 252;
    private static final int DONT = 254;
    private static final int MAX_LINE = 4096;
    /** IAC DO TERMINAL-TYPE, IAC WILL ECHO, IAC DO NAWS, IAC WILL SUPPRESS-GO-AHEAD. */
    private static final byte[] NEGOTIATION = {(byte) IAC, (byte) 253, 24, (byte) IAC, (byte) 251, 1,
        (byte) IAC, (byte) 253, 31, (byte) IAC, (byte) 251, 3};

    private final SimulatedTesira device;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    TtpSession(SimulatedTesira device) {
        this.device = device;
    }

    @Override
    public void connected(TcpSimulator.Connection out) {
        if (device.loginPrompt) {
            out.reply(concat(NEGOTIATION, "login: ".getBytes(StandardCharsets.US_ASCII)));
            return;
        }
        out.reply(concat(NEGOTIATION, "\r\nWelcome to the Tesira Text Protocol Server...\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void received(TcpSimulator.Connection out, ByteBuffer in) {
        while (in.hasRemaining()) {
            int b = in.get(in.position()) & 0xff;
            if (b == IAC) {
                if (in.remaining() < 3) {
                    return;
                }
                in.get();
                int cmd = in.get() & 0xff;
                in.get();
                if (cmd == WONT || cmd == DONT) {
                    device.refusals.incrementAndGet();
                }
                continue;
            }
            in.get();
            if (b == '\n') {
                String command = line.toString(StandardCharsets.UTF_8).strip();
                line.reset();
                if (!command.isEmpty() && !device.loginPrompt) {
                    device.commands.add(command);
                    out.reply((command + "\r\n" + answer(command) + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }
    }

    private String answer(String command) {
        String[] w = command.split("\\s+");
        if (w.length != 3 || !w[0].equals("DEVICE") || !w[1].equals("get")) {
            return "-ERR Parse error: unsupported command in this simulator";
        }
        return switch (w[2]) {
            case "activeFaultList" -> "+OK \"value\":" + faultList();
            case "version" -> value(device.version);
            case "serialNumber" -> value(device.serialNumber);
            case "hostname" -> value(device.hostname);
            default -> "-ERR address not found: {\"address\":\"DEVICE " + w[2] + "\"}";
        };
    }

    private static String value(String v) {
        return v == null ? "-ERR address not found" : "+OK \"value\":\"" + v + "\"";
    }

    /** One entry per severity present (none: one "No fault in device" entry), bare enumeration ids, spaces. */
    private String faultList() {
        Map<SimulatedTesira.Severity, List<SimulatedTesira.ActiveFault>> bySeverity =
                new EnumMap<>(SimulatedTesira.Severity.class);
        for (SimulatedTesira.ActiveFault f : device.faults) {
            bySeverity.computeIfAbsent(f.severity(), s -> new java.util.ArrayList<>()).add(f);
        }
        if (bySeverity.isEmpty()) {
            bySeverity.put(SimulatedTesira.Severity.NONE, List.of());
        }
        return bySeverity.entrySet().stream().map(e -> "{\"id\":INDICATOR_" + e.getKey() + "_IN_DEVICE \"name\":\""
                + e.getKey().label + "\" \"faults\":[" + e.getValue().stream()
                        .map(f -> "{\"id\":" + f.id() + " \"name\":\"" + f.name() + "\"}").collect(Collectors.joining(" "))
                + "] \"serialNumber\":\"" + device.serialNumber + "\"}").collect(Collectors.joining(" ", "[", "]"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
