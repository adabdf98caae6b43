package org.avmonitoring.agent.itests.rawdriver;

import java.util.Hashtable;

import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link GreeterDriver}: the whole test bundle, packaged by {@link GreeterBundle}. */
public final class GreeterActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(DeviceDriver.TYPE, GreeterDriver.TYPE);
        context.registerService(DeviceDriver.class, new GreeterDriver(), props);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
