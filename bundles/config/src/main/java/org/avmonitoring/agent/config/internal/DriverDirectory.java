package org.avmonitoring.agent.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverCatalog;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.DriverInfo;
import org.avmonitoring.agent.api.driver.DriverSelection;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drivers present now, by device type, chosen by {@link DriverSelection} when several claim a type: what
 * validation uses inside this bundle, and the {@link DriverCatalog} everyone else reads.
 */
@Component(service = {DriverDirectory.class, DriverCatalog.class})
public class DriverDirectory implements DriverCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(DriverDirectory.class);

    private final Map<ServiceReference<DeviceDriver>, DeviceDriver> drivers = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDriver(DeviceDriver driver, ServiceReference<DeviceDriver> ref) {
        String type = DriverSelection.type(ref);
        if (type != null) {
            drivers.put(ref, driver);
            changed(type);
        }
    }

    void removeDriver(ServiceReference<DeviceDriver> ref) {
        if (drivers.remove(ref) != null) {
            changed(DriverSelection.type(ref));
        }
    }

    /** {@code listener} is told the type whose drivers changed (one came or went), on the thread that saw it. */
    void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<String> listener) {
        listeners.remove(listener);
    }

    private void changed(String type) {
        listeners.forEach(l -> l.accept(type));
    }

    Optional<DeviceDriver> forType(String type) {
        return best(type).map(drivers::get);
    }

    private Optional<ServiceReference<DeviceDriver>> best(String type) {
        return DriverSelection.best(drivers.keySet().stream().filter(r -> type.equals(DriverSelection.type(r)))
                .toList());
    }

    @Override
    public List<DriverInfo> drivers() {
        List<DriverInfo> out = new ArrayList<>();
        drivers.keySet().stream().map(DriverSelection::type).distinct().sorted().forEach(type ->
                best(type).ifPresent(ref -> {
                    DeviceDriver driver = drivers.get(ref);
                    if (driver != null) {
                        out.add(info(type, ref, describe(type, driver)));
                    }
                }));
        return out;
    }

    private static DriverInfo info(String type, ServiceReference<?> ref, DriverDescription d) {
        var bundle = ref.getBundle();
        return new DriverInfo(type, d == null ? type : d.name(), bundle == null ? null : bundle.getSymbolicName(),
                bundle == null ? null : bundle.getVersion().toString(), d);
    }

    /** The driver's description, or null when it gives none or fails to (a driver bug must not hide the type). */
    static DriverDescription describe(String type, DeviceDriver driver) {
        try {
            return driver.description();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("driver {} failed to describe itself: {}", type, e.toString());
            return null;
        }
    }
}
