package org.avmonitoring.agent.testing.extron;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.testing.support.FaultyDevice;

/** One simulated Extron device; every setter may be called while the simulator runs. */
public final class SimulatedSwitcher extends FaultyDevice<SwitcherFault, SimulatedSwitcher> {
    private String model = "IN1608";
    private String firmware = "1.23";
    private String partNumber = "60-1081-01";
    private String information = "V8X2 A8X2";
    private String adminPassword;
    private String userPassword;
    /** Null: the product has no temperature query (answers E10). */
    private Double temperatureC = 41.5;
    /** Null: the product has no signal presence query (answers E10). */
    private List<Boolean> signals = new ArrayList<>(List.of(true, false, true, false, false, false, false, false));
    private final List<String> received = new ArrayList<>();
    private int connections;

    SimulatedSwitcher(InetSocketAddress address) {
        super(SwitcherFault.class, address);
    }

    public synchronized SimulatedSwitcher identity(String newModel, String newFirmware, String newPartNumber, String info) {
        this.model = newModel;
        this.firmware = newFirmware;
        this.partNumber = newPartNumber;
        this.information = info;
        return this;
    }

    /** Sets the administrator password (null: none, no prompt) and an optional user password. */
    public synchronized SimulatedSwitcher passwords(String admin, String user) {
        this.adminPassword = admin;
        this.userPassword = user;
        return this;
    }

    public synchronized SimulatedSwitcher temperatureC(Double c) {
        this.temperatureC = c;
        return this;
    }

    public synchronized SimulatedSwitcher signals(Boolean... perInput) {
        this.signals = perInput == null ? null : new ArrayList<>(List.of(perInput));
        return this;
    }

    @Override
    protected SimulatedSwitcher self() {
        return this;
    }

    /** Every line received (passwords included: tests check what was sent). */
    public synchronized List<String> received() {
        return new ArrayList<>(received);
    }

    public synchronized int connections() {
        return connections;
    }

    synchronized void connected() {
        connections++;
    }

    synchronized boolean passwordRequired() {
        return adminPassword != null || has(SwitcherFault.AUTH_FAILS);
    }

    synchronized String banner() {
        return "(c) Copyright 2012, Extron Electronics, " + model + ", V" + firmware + ", " + partNumber + "\r\n"
                + "Thu, 03 Dec 2026 14:01:21\r\n";
    }

    /** The reply to a password line: a login line, or the prompt again. */
    synchronized String login(String line) {
        received.add(line);
        if (!has(SwitcherFault.AUTH_FAILS)) {
            if (line.equals(adminPassword)) {
                return "\r\nLogin Administrator\r\n";
            }
            if (userPassword != null && line.equals(userPassword)) {
                return "\r\nLogin User\r\n";
            }
        }
        return "\r\nPassword:";
    }

    /** The reply to a command line, CR LF ended. */
    synchronized String reply(String line) {
        received.add(line);
        String r;
        switch (line) {
            case "Q" -> r = firmware;
            case "N" -> r = partNumber;
            case "I" -> r = information;
            case "\u001b20STAT" -> r = temperatureC == null ? "E10" : String.format(java.util.Locale.ROOT, "%+07.2f", temperatureC);
            case "0LS" -> r = signals == null ? "E10" : signalLine();
            default -> r = "E10";
        }
        return r + "\r\n";
    }

    private String signalLine() {
        StringBuilder b = new StringBuilder();
        for (Boolean s : signals) {
            b.append(b.length() == 0 ? "" : " ").append(s ? '1' : '0');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "SimulatedSwitcher[" + host() + ":" + port() + "]";
    }
}
