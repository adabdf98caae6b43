package org.avmonitoring.agent.driver.necdisplay.internal;

/** The requests a poll sends: the core pair at every poll, details and identity on their cadences. */
enum NecRequest {
    POWER(NecCodec.COMMAND, "01D6", Kind.CORE, "power"),
    DIAGNOSIS(NecCodec.COMMAND, "B1", Kind.CORE, "self_diagnosis"),
    INPUT(NecCodec.GET, "0060", Kind.DETAIL, "input"),
    VOLUME(NecCodec.GET, "0062", Kind.DETAIL, "volume"),
    MUTE(NecCodec.GET, "008D", Kind.DETAIL, "mute"),
    SERIAL(NecCodec.COMMAND, "C216", Kind.IDENTITY, "serial_number"),
    MODEL(NecCodec.COMMAND, "C217", Kind.IDENTITY, "model_name");

    enum Kind { CORE, DETAIL, IDENTITY }

    final char type;
    final String message;
    final Kind kind;
    final String metric;

    NecRequest(char type, String message, Kind kind, String metric) {
        this.type = type;
        this.message = message;
        this.kind = kind;
        this.metric = metric;
    }

    byte[] packet(int monitorId) {
        return NecCodec.packet(monitorId, type, message);
    }
}
