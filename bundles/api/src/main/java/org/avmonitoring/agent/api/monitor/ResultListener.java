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
}
