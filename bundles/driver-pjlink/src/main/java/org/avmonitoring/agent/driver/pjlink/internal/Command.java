package org.avmonitoring.agent.driver.pjlink.internal;

/** One PJLink get: {@code %<class><body> <param>}. */
record Command(char classDigit, String body, String param) {

    static Command get(int classDigit, String body) {
        return new Command((char) ('0' + classDigit), body, "?");
    }

    @Override
    public String toString() {
        return "%" + classDigit + body;
    }
}
