package org.avmonitoring.agent.collector;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.monitor.Recorded;
import org.avmonitoring.agent.api.monitor.ResultListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ResultListener} whiteboard. Each listener is called in turn on the collector thread that recorded the
 * result; one that throws is logged once until it works again, and the others are still called.
 */
final class ResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);

    private final List<ResultListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<ResultListener> failing = ConcurrentHashMap.newKeySet();

    void add(ResultListener l) {
        listeners.add(l);
    }

    void remove(ResultListener l) {
        listeners.remove(l);
        failing.remove(l);
    }

    void publish(Device device, Recorded now, Recorded previous) {
        for (ResultListener l : listeners) {
            try {
                l.recorded(device, now, previous);
                if (!failing.isEmpty() && failing.remove(l)) {
                    LOG.info("result listener {} works again", l.getClass().getName());
                }
            } catch (RuntimeException e) {
                if (failing.add(l)) {
                    LOG.warn("result listener {} failed on device {}; further failures are not logged until it works again",
                            l.getClass().getName(), device.id(), e);
                }
            }
        }
    }
}
