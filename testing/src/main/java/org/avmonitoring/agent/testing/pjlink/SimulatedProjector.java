package org.avmonitoring.agent.testing.pjlink;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated projector: its settings (address, class, password), its state (settable at any time from any
 * thread) and its active faults. Created through {@link ProjectorSimulator#add}.
 */
public final class SimulatedProjector {

    /** POWR states (§4.1 of the spec). */
    public enum Power {
        STANDBY('0'), ON('1'), COOLING('2'), WARMING('3');

        final char code;

        Power(char code) {
            this.code = code;
        }
    }

    /** How to create a projector. */
    public static final class Spec {
        String address = "127.0.0.1";
        int port;
        int projectorClass = 1;
        String password;
        boolean udp;
        int udpPort = -1;
        String mac = "00:11:22:33:44:55";
        long idleTimeoutMs = 30_000;

        public Spec address(String a) {
            this.address = a;
            return this;
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Spec port(int p) {
            this.port = p;
            return this;
        }

        public Spec projectorClass(int c) {
            this.projectorClass = c;
            return this;
        }

        /** Null or empty for no authentication. */
        public Spec password(String pw) {
            this.password = pw;
            return this;
        }

        /** Class 2 only: answer {@code %2SRCH} on UDP {@code udpPort} (-1, the default: the TCP port's number). */
        public Spec udp(boolean on, int udpPort) {
            this.udp = on;
            this.udpPort = udpPort;
            return this;
        }

        public Spec mac(String m) {
            this.mac = m;
            return this;
        }

        /** The spec's 30 s: the projector closes a connection with no command for that long. */
        public Spec idleTimeoutMs(long ms) {
            this.idleTimeoutMs = ms;
            return this;
        }
    }

    private final Spec spec;
    private volatile InetSocketAddress tcpAddress;
    private volatile InetSocketAddress udpAddress;
    final AtomicInteger openConnections = new AtomicInteger();
    final AtomicInteger acceptedConnections = new AtomicInteger();
    final AtomicInteger peakOpenConnections = new AtomicInteger();

    // State, guarded by this.
    private Power power = Power.STANDBY;
    private String input = "31";
    private final List<String> inputs = new ArrayList<>(List.of("11", "21", "31", "32", "51"));
    private final Map<String, String> inputNames = new LinkedHashMap<>();
    private String avMute = "30";
    private String errorStatus = "000000";
    private int[] lampHours = {1200};
    private boolean[] lampOn = {false};
    private Integer filterHours = 300;
    private byte[] name = "Projector".getBytes(StandardCharsets.UTF_8);
    private String manufacturer = "SIMULATED";
    private String product = "PJ-SIM 1000";
    private String info = "simulator";
    private String serialNumber = "SIM0001";
    private String softwareVersion = "1.0.0";
    private String inputResolution = "1920x1080";
    private String recommendedResolution = "1920x1200";
    private final Set<Fault> faults = EnumSet.noneOf(Fault.class);
    private long replyDelayMs = 3000;
    private final Deque<String> received = new ArrayDeque<>();

    SimulatedProjector(Spec spec) {
        this.spec = spec;
        inputNames.put("11", "Computer");
        inputNames.put("21", "Video");
        inputNames.put("31", "HDMI 1");
        inputNames.put("32", "HDMI 2");
        inputNames.put("51", "Network");
    }

    Spec spec() {
        return spec;
    }

    void bound(InetSocketAddress tcp, InetSocketAddress udp) {
        this.tcpAddress = tcp;
        this.udpAddress = udp;
    }

    /** The TCP address the projector listens on. */
    public InetSocketAddress address() {
        return tcpAddress;
    }

    /** The UDP address it answers searches on, or null. */
    public InetSocketAddress udpAddress() {
        return udpAddress;
    }

    public String host() {
        return tcpAddress.getAddress().getHostAddress();
    }

    public int port() {
        return tcpAddress.getPort();
    }

    public int projectorClass() {
        return spec.projectorClass;
    }

    public String mac() {
        return spec.mac;
    }

    /** Connections currently open on the projector's side. */
    public int openConnections() {
        return openConnections.get();
    }

    /** The most connections that were open at once since the projector started. */
    public int peakOpenConnections() {
        return peakOpenConnections.get();
    }

    public int acceptedConnections() {
        return acceptedConnections.get();
    }

    // ----- state -----

    public synchronized SimulatedProjector power(Power p) {
        this.power = p;
        return this;
    }

    public synchronized Power power() {
        return power;
    }

    public synchronized SimulatedProjector input(String code) {
        this.input = code;
        if (!inputs.contains(code)) {
            inputs.add(code);
        }
        return this;
    }

    public synchronized SimulatedProjector inputName(String code, String inputName) {
        inputNames.put(code, inputName);
        return this;
    }

    /** AVMT code: 30 both off, 31 both on, 11/10 video, 21/20 audio. */
    public synchronized SimulatedProjector avMute(String code) {
        this.avMute = code;
        return this;
    }

    /** ERST: six digits fan, lamp, temperature, cover, filter, other; 0 ok, 1 warning, 2 error. */
    public synchronized SimulatedProjector errorStatus(String sixDigits) {
        this.errorStatus = sixDigits;
        return this;
    }

    /** Lamp hours of lamps 1..n; no argument means a lamp-less (laser) projector: LAMP answers ERR1. */
    public synchronized SimulatedProjector lamps(int... hours) {
        this.lampHours = hours.clone();
        this.lampOn = Arrays.copyOf(lampOn, hours.length);
        return this;
    }

    public synchronized SimulatedProjector lampOn(int lamp, boolean on) {
        lampOn[lamp - 1] = on;
        return this;
    }

    /** Null: no filter, FILT answers ERR1. */
    public synchronized SimulatedProjector filterHours(Integer hours) {
        this.filterHours = hours;
        return this;
    }

    public synchronized SimulatedProjector name(String n) {
        this.name = n.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** NAME as raw bytes, e.g. Latin-1 from old firmware. */
    public synchronized SimulatedProjector nameBytes(byte[] n) {
        this.name = n.clone();
        return this;
    }

    public synchronized SimulatedProjector identity(String manufacturer, String product, String info) {
        this.manufacturer = manufacturer;
        this.product = product;
        this.info = info;
        return this;
    }

    public synchronized SimulatedProjector serialNumber(String s) {
        this.serialNumber = s;
        return this;
    }

    public synchronized SimulatedProjector softwareVersion(String s) {
        this.softwareVersion = s;
        return this;
    }

    /** IRES: {@code 1920x1080}, {@code -} (no signal) or {@code *} (unknown). */
    public synchronized SimulatedProjector inputResolution(String r) {
        this.inputResolution = r;
        return this;
    }

    public synchronized SimulatedProjector recommendedResolution(String r) {
        this.recommendedResolution = r;
        return this;
    }

    public synchronized SimulatedProjector faults(Fault... f) {
        faults.clear();
        faults.addAll(Arrays.asList(f));
        return this;
    }

    public synchronized boolean has(Fault f) {
        return faults.contains(f);
    }

    public synchronized SimulatedProjector replyDelayMs(long ms) {
        this.replyDelayMs = ms;
        return this;
    }

    public synchronized long replyDelayMs() {
        return replyDelayMs;
    }

    /** The commands received (without digest), oldest first; the last 200 are kept. */
    public synchronized List<String> receivedCommands() {
        return new ArrayList<>(received);
    }

    public synchronized void clearReceivedCommands() {
        received.clear();
    }

    // ----- protocol (called by the simulator's thread) -----

    synchronized void record(String command) {
        if (received.size() == 200) {
            received.removeFirst();
        }
        received.addLast(command);
    }

    /**
     * The reply parameter for a well-formed command {@code %<cls><body> <param>} (body upper-cased), per the
     * class 1 and class 2 command tables; never null (the "no response" case is handled by the caller).
     */
    synchronized String answer(char cls, String body, String param) {
        boolean get = param.equals("?") || (body.equals("INNM") && param.startsWith("?"));
        if (has(Fault.ERR4) && !body.equals("CLSS")) {
            return "ERR4";
        }
        if (has(Fault.ERR3) && !body.equals("CLSS") && !body.equals("POWR")) {
            return "ERR3";
        }
        if (cls == '2') {
            if (spec.projectorClass < 2) {
                return "ERR1";
            }
            return answerClass2(body, param, get);
        }
        switch (body) {
            case "POWR":
                if (get) {
                    return String.valueOf(power.code);
                }
                if (param.equals("0") || param.equals("1")) {
                    power = param.equals("1") ? Power.ON : Power.STANDBY;
                    return "OK";
                }
                return "ERR2";
            case "INPT":
                if (get) {
                    return input;
                }
                if (inputs.contains(param) && Character.isDigit(param.charAt(1))) {
                    input = param;
                    return "OK";
                }
                return "ERR2";
            case "AVMT":
                if (get) {
                    return avMute;
                }
                if (param.matches("[123][01]")) {
                    avMute = param;
                    return "OK";
                }
                return "ERR2";
            case "ERST":
                return get ? errorStatus : "ERR2";
            case "LAMP":
                if (lampHours.length == 0) {
                    return "ERR1";
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < lampHours.length; i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    sb.append(lampHours[i]).append(' ').append(lampOn[i] ? '1' : '0');
                }
                return get ? sb.toString() : "ERR2";
            case "INST":
                return String.join(" ", inputs.stream().filter(c -> Character.isDigit(c.charAt(1))).toList());
            case "NAME":
                // NAME may carry non-ASCII bytes: returned as Latin-1 chars, written back byte for byte.
                return new String(name, StandardCharsets.ISO_8859_1);
            case "INF1":
                return manufacturer;
            case "INF2":
                return product;
            case "INFO":
                return info;
            case "CLSS":
                return has(Fault.CLASS_AS_TEXT) ? "Class " + spec.projectorClass : String.valueOf(spec.projectorClass);
            default:
                return "ERR1";
        }
    }

    private String answerClass2(String body, String param, boolean get) {
        switch (body) {
            case "INPT":
                if (get) {
                    return input;
                }
                if (inputs.contains(param)) {
                    input = param;
                    return "OK";
                }
                return "ERR2";
            case "INST":
                return String.join(" ", inputs);
            case "SNUM":
                return serialNumber;
            case "SVER":
                return softwareVersion;
            case "INNM":
                String n = inputNames.get(param.substring(1));
                return n == null ? "ERR2" : new String(n.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            case "IRES":
                return inputResolution;
            case "RRES":
                return recommendedResolution;
            case "FILT":
                return filterHours == null ? "ERR1" : String.valueOf(filterHours);
            case "RLMP":
            case "RFIL":
                return "";
            case "FREZ":
                return get ? "0" : "OK";
            default:
                return "ERR1";
        }
    }

    @Override
    public String toString() {
        return "SimulatedProjector[" + tcpAddress + ", class " + spec.projectorClass + (spec.password == null ? "" : ", password") + "]";
    }
}
