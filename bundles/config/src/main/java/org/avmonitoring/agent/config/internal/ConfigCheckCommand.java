package org.avmonitoring.agent.config.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code --check-config}: validates a file as the store would load it, drivers present included, without owning it.
 * Registered as a plain {@code Function<Path, List<String>>} so that the launcher, outside the framework, can call it
 * with no class of ours on its class path. Each returned line is an error; warnings start with {@code "warning: "}.
 */
@Component(service = Function.class, property = "avmonitoring.command=check-config")
public class ConfigCheckCommand implements Function<Path, List<String>> {
    private final DriverDirectory drivers;

    @Activate
    public ConfigCheckCommand(@Reference DriverDirectory drivers) {
        this.drivers = drivers;
    }

    @Override
    public List<String> apply(Path file) {
        List<String> out = new ArrayList<>();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of(file + ": no such file");
        } catch (IOException e) {
            return List.of(file + ": cannot read: " + e.getMessage());
        }
        ConfigCodec.Result r = DeviceRules.parseAndCheck(content, drivers::forType);
        r.problems().forEach(p -> out.add(file + ": " + p));
        r.warnings().forEach(w -> out.add("warning: " + file + ": " + w));
        // the warnings too when the drivers found errors: both are worth fixing in one go
        ConfigCodec.Result parsed = r.ok() ? r : ConfigCodec.parse(content);
        if (parsed.ok()) {
            DeviceRules.warnings(parsed.config().devices(), drivers::forType, false)
                    .forEach(w -> out.add("warning: " + file + ": " + w));
        }
        return out;
    }
}
