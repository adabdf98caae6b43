package org.avmonitoring.agent.api.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.ValidationProblem;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Owns {@code config.json}. Every change is validated as a whole (common fields, then the driver-specific settings
 * of each device whose driver is present), written atomically, and announced to every {@link ConfigListener}.
 * A rejected change leaves both the file and {@link #current()} untouched.
 */
@ProviderType
public interface ConfigService {

    SiteConfig current();

    /** The file this service owns. */
    Path file();

    /**
     * What is wrong in the configuration in use but was kept rather than refused: keys no driver describes in
     * {@code config.json} or in the backend's answer, devices whose type no installed driver serves, devices that a
     * driver installed after them finds invalid. Each names the device ({@code devices[proj-1].snmp.comunity}: the
     * device's id in brackets). Recomputed when the configuration changes and when a driver comes or goes; empty
     * when all is well. For logs, {@code --check-config} and the UI.
     *
     * @since 1.1
     */
    default List<ValidationProblem> warnings() {
        return List.of();
    }

    /**
     * The setting keys the driver serving {@code type} marks secret in its description (a display's {@code pin}),
     * at any depth; empty when no described driver serves it. Mask them like {@link
     * org.avmonitoring.agent.api.Secrets#isSecretKey} names: {@code Secrets.masked(json, secretKeys(type))}.
     *
     * @since 1.2
     */
    default Set<String> secretKeys(String type) {
        return Set.of();
    }

    /** Every problem of one device on its own (paths relative to the device); empty when it is valid. */
    List<ValidationProblem> validateDevice(Device device);

    /** Reads one device from its JSON object form (as in {@code config.json}). */
    Device parseDevice(Map<String, Object> json, DeviceSource source) throws ConfigValidationException;

    /** The JSON object form of a device, secrets included (mask them with {@code Secrets} before showing). */
    Map<String, Object> toJson(Device device);

    /** Parses and validates a whole configuration document (a backend's answer); {@code origin} names it in errors. */
    SiteConfig parse(byte[] json, String origin) throws ConfigValidationException;

    SiteConfig addDevice(Device device) throws ConfigValidationException;

    /** Replaces device {@code id}; the new definition may carry a new id. */
    SiteConfig updateDevice(String id, Device device) throws ConfigValidationException;

    SiteConfig removeDevice(String id) throws ConfigValidationException;

    SiteConfig updateSettings(SiteSettings settings) throws ConfigValidationException;

    /**
     * Config sync: the backend's device list replaces every device whose source is {@code backend}; local devices
     * are kept. A backend device with the id of a local device is a validation error.
     */
    SiteConfig replaceBackendDevices(List<Device> backendDevices) throws ConfigValidationException;
}
