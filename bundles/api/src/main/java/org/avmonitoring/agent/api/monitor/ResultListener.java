package org.avmonitoring.agent.api.monitor;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.osgi.annotation.versioning.ConsumerType;

/** Whiteboard: every recorded result is handed to every registered listener. */
@ConsumerType
public interface ResultListener {

    /**
     * Called on a collector thread for each finished check; {@code previous} is the device's result before this
     * one, or null. Must return quickly (hand work to a queue).
     */
    void resultRecorded(Device device, CheckResult result, CheckResult previous);

    /**
     * What the collector calls (since 1.1): the result with its confirmed state, expected power and maintenance
     * window; {@code previous} is null for a device's first result. A listener that needs only the observed result
     * keeps the default, which hands it to {@link #resultRecorded}.
     */
    default void recorded(Device device, Recorded now, Recorded previous) {
        resultRecorded(device, now.result(), previous == null ? null : previous.result());
    }
}
