package org.avmonitoring.agent.api.monitor;

import java.util.Objects;

import org.avmonitoring.agent.api.Status;

/**
 * What the collector concludes from a device's results, beside the status the last check observed (since 1.1).
 *
 * @param state               the confirmed state: changes only after {@code confirm_ko_after} failed checks in a
 *                            row (towards ko) or {@code confirm_ok_after} good ones (back)
 * @param unconfirmedFailures failed checks in a row not yet confirmed as ko (0 once confirmed or after a good check)
 * @param expected            "on" or "off" by the device's {@code schedule}, null without one
 * @param maintenance         the maintenance window the device is in now, null outside any
 */
public record Assessment(Status state, int unconfirmedFailures, String expected, Maintenance maintenance) {

    public Assessment {
        Objects.requireNonNull(state, "state");
    }

    /** For a result nothing was concluded from: its own status, nothing else. */
    public static Assessment observed(Status status) {
        return new Assessment(status, 0, null, null);
    }

    public boolean inMaintenance() {
        return maintenance != null;
    }
}
