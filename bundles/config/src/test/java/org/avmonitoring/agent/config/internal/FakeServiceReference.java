package org.avmonitoring.agent.config.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicLong;

import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** A driver service's reference outside a framework: its properties and a fresh service.id, no bundle. */
final class FakeServiceReference implements ServiceReference<DeviceDriver> {
    private static final AtomicLong IDS = new AtomicLong(1000);
    private final Hashtable<String, Object> props = new Hashtable<>();

    FakeServiceReference(String type) {
        props.put(DeviceDriver.TYPE, type);
        props.put(Constants.SERVICE_ID, IDS.incrementAndGet());
    }

    @Override
    public Object getProperty(String key) {
        return props.get(key);
    }

    @Override
    public String[] getPropertyKeys() {
        return props.keySet().toArray(new String[0]);
    }

    @Override
    public Bundle getBundle() {
        return null;
    }

    @Override
    public Bundle[] getUsingBundles() {
        return null;
    }

    @Override
    public boolean isAssignableTo(Bundle bundle, String className) {
        return true;
    }

    @Override
    public int compareTo(Object reference) {
        return Long.compare((Long) props.get(Constants.SERVICE_ID),
                (Long) ((ServiceReference<?>) reference).getProperty(Constants.SERVICE_ID));
    }

    @Override
    public Dictionary<String, Object> getProperties() {
        return new Hashtable<>(props);
    }

    @Override
    public <A> A adapt(Class<A> type) {
        return null;
    }
}
