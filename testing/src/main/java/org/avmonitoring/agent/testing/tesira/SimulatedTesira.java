package org.avmonitoring.agent.testing.tesira;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.avmonitoring.agent.testing.stream.SimulatedStreamDevice;
import org.avmonitoring.agent.testing.tcpsim.DeviceProtocol;

/**
 * One simulated Tesira server (TesiraFORTÉ and the like): firmware version, serial number, host name, the active
 * fault list, an optional Telnet login prompt, and the fault shown to new connections. Setters apply to the next
 * command, from any thread.
 */
public final class SimulatedTesira extends SimulatedStreamDevice<SimulatedTesira> {

    /** The indicator of a fault-list entry, as TTP names it ({@code INDICATOR_<severity>_IN_DEVICE}). */
    public enum Severity {
        NONE("No fault in device"), MINOR("Minor Fault in Device"), MAJOR("Major Fault in Device");

        final String label;

        Severity(String label) {
            this.label = label;
        }
    }

    /** One active fault: its id ({@code FAULT_...}) and description. */
    public record ActiveFault(Severity severity, String id, String name) {
    }

    volatile String version = "4.2.3.22";
    volatile String serialNumber = "04870642";
    /** Null: {@code DEVICE get hostname} answers -ERR, as older firmware does. */
    volatile String hostname = "TesiraForte01";
    volatile boolean loginPrompt;
    final List<ActiveFault> faults = new CopyOnWriteArrayList<>();
    /** Option refusals (WONT/DONT) received from clients. */
    final AtomicInteger refusals = new AtomicInteger();
    final List<String> commands = new CopyOnWriteArrayList<>();

    public SimulatedTesira version(String v) {
        this.version = v;
        return this;
    }

    public SimulatedTesira serialNumber(String s) {
        this.serialNumber = s;
        return this;
    }

    public SimulatedTesira hostname(String h) {
        this.hostname = h;
        return this;
    }

    /** Replaces the active fault list; none: "No fault in device". */
    public SimulatedTesira faults(ActiveFault... active) {
        faults.clear();
        faults.addAll(List.of(active));
        return this;
    }

    /** Telnet protection on: a {@code login:} prompt instead of the banner. */
    public SimulatedTesira loginPrompt(boolean on) {
        this.loginPrompt = on;
        return this;
    }

    public int optionRefusals() {
        return refusals.get();
    }

    /** Commands received, all connections together, in order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    @Override
    protected DeviceProtocol protocol() {
        return new TtpSession(this);
    }

    @Override
    protected SimulatedTesira self() {
        return this;
    }
}
