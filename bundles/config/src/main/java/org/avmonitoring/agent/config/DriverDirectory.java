package org.avmonitoring.agent.config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The drivers present now, by device type, so that a device's driver-specific settings are validated whenever its
 * driver is installed. Shared by the store and the check command inside this bundle.
 */
@Component(service = DriverDirectory.class)
public class DriverDirectory {
    private final Map<DeviceDriver, String> drivers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDriver(DeviceDriver driver, Map<String, Object> props) {
        Object type = props.get(DeviceDriver.TYPE);
        if (type != null) {
            drivers.put(driver, type.toString());
        }
    }

    void removeDriver(DeviceDriver driver) {
        drivers.remove(driver);
    }

    Optional<DeviceDriver> forType(String type) {
        return drivers.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey).findFirst();
    }
}
