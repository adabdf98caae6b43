package org.avmonitoring.agent.testing.qsys;

import java.util.concurrent.atomic.AtomicInteger;

import org.avmonitoring.agent.testing.stream.SimulatedStreamDevice;
import org.avmonitoring.agent.testing.tcpsim.DeviceProtocol;

/**
 * One simulated Q-SYS Core: what {@code StatusGet} and {@code EngineStatus} report, optional access control
 * (a user and password that {@code Logon} must give), and the fault shown to new connections. Every setter may be
 * called at any time from any thread; it applies to the next request.
 */
public final class SimulatedCore extends SimulatedStreamDevice<SimulatedCore> {
    /** Core status codes as Q-SYS reports them. */
    public static final int OK = 0;
    public static final int COMPROMISED = 1;
    public static final int FAULT = 2;
    public static final int INITIALIZING = 5;

    volatile String platform = "Core 110f";
    volatile String state = "Active";
    volatile String designName = "Simulated Design";
    volatile String designCode = "qSIM00000001";
    volatile boolean redundant;
    volatile boolean emulator;
    volatile int statusCode = OK;
    volatile String statusText = "OK";
    volatile String user;
    volatile String password;
    final AtomicInteger logons = new AtomicInteger();
    final AtomicInteger statusGets = new AtomicInteger();

    public SimulatedCore platform(String p) {
        this.platform = p;
        return this;
    }

    /** {@code Active}, {@code Standby} or {@code Idle}. */
    public SimulatedCore state(String s) {
        this.state = s;
        return this;
    }

    public SimulatedCore design(String name, String code) {
        this.designName = name;
        this.designCode = code;
        return this;
    }

    public SimulatedCore redundant(boolean r) {
        this.redundant = r;
        return this;
    }

    public SimulatedCore emulator(boolean e) {
        this.emulator = e;
        return this;
    }

    /** The Core's status, e.g. {@code status(FAULT, "Fault - Audio Streams")}. */
    public SimulatedCore status(int code, String text) {
        this.statusText = text;
        this.statusCode = code;
        return this;
    }

    /** Access control on (both non-null): every request but Logon and NoOp needs a Logon with these. */
    public SimulatedCore accessControl(String u, String pw) {
        this.user = u;
        this.password = pw;
        return this;
    }

    public int logons() {
        return logons.get();
    }

    public int statusGets() {
        return statusGets.get();
    }

    @Override
    protected DeviceProtocol protocol() {
        return new QrcSession(this);
    }

    @Override
    protected SimulatedCore self() {
        return this;
    }
}
