package org.avmonitoring.agent.driver.pjlink.internal;

import java.nio.charset.StandardCharsets;

/** One PJLink get: {@code %<class><body> <param>}, encoded once (the gets of a poll are constants). */
final class Command {
    private final char classDigit;
    private final String body;
    private final String param;
    private final byte[] wire;

    Command(char classDigit, String body, String param) {
        this.classDigit = classDigit;
        this.body = body;
        this.param = param;
        this.wire = (this + " " + param + "\r").getBytes(StandardCharsets.US_ASCII);
    }

    static Command get(int classDigit, String body) {
        return new Command((char) ('0' + classDigit), body, "?");
    }

    char classDigit() {
        return classDigit;
    }

    String body() {
        return body;
    }

    String param() {
        return param;
    }

    /** The bytes sent, CR included; an authenticated connection's first command is prefixed with the digest. */
    byte[] wire() {
        return wire;
    }

    @Override
    public String toString() {
        return "%" + classDigit + body;
    }
}
