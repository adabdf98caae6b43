package org.avmonitoring.agent.config.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.ConfigListener;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.DuplicateDeviceException;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.api.config.UnknownDeviceException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConfigService}: owns config.json. Changes made through the service are validated, written atomically
 * and announced; hand edits of the file are picked up by polling, and an invalid edit is logged and ignored, the
 * last good configuration staying in force. A write first applies a hand edit not yet picked up, and is refused
 * while the file holds an invalid one: an operator's edit is never overwritten.
 *
 * <p>Activated only once the launcher has checked the file ({@value #RUN_CONDITION} condition): a malformed file
 * stops the agent at start with the list of faults instead of leaving a half-started container.
 */
// The PID is the class name from before the move to .internal, so existing .cfg files keep applying.
@Component(configurationPid = "org.avmonitoring.agent.config.ConfigStore",
        service = ConfigService.class, immediate = true,
        property = "osgi.ds.satisfying.condition.target=(osgi.condition.id=" + ConfigStore.RUN_CONDITION + ")")
@Designate(ocd = ConfigStore.Settings.class)
public class ConfigStore implements ConfigService {
    static final String RUN_CONDITION = "avmonitoring.run";
    static final String CONFIG_FILE_PROPERTY = "avmonitoring.config.file";
    static final String DEFAULT_CONFIG_FILE = "/etc/avmonitoring/config.json";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigStore.class);

    @ObjectClassDefinition(name = "avmonitoring config.json store",
            description = "Owns /etc/avmonitoring/config.json (the path comes from the launcher's --config).")
    public @interface Settings {
        @AttributeDefinition(name = "Watch interval (s)",
                description = "How often config.json is checked for hand edits.", min = "1")
        int watch_interval_s() default 5; // each look wakes an otherwise idle agent (issue 19)
    }

    private final Supplier<Iterable<ConfigListener>> listeners;
    private final ServiceTracker<ConfigListener, ConfigListener> listenerTracker;
    private final DriverDirectory drivers;
    private final Path file;
    private final ScheduledExecutorService executor;
    private final Object writeLock = new Object();
    private volatile SiteConfig current;
    /** Digest of the file content that {@link #current} came from or was written as; guarded by writeLock. */
    private byte[] knownDigest;
    /** Digest of the last invalid content reported, so a bad hand edit is logged once, not every poll. */
    private byte[] rejectedDigest;
    /**
     * Size, modification time and inode of the file when its content was last examined; edit polling thread only.
     * Reading and hashing a large config.json (10,000 devices: 1.7 MB) every 2 s was a tenth of the agent's CPU.
     */
    private FileStamp examined;
    /** {@link #warnings()}: recomputed on the executor when the configuration or a driver changes. */
    private volatile List<ValidationProblem> warnings = List.of();
    private final Consumer<String> onDriverChange = type -> refreshWarnings("driver for type " + type + " changed");

    /** What the file system says about the file, enough to tell an edit without reading it. */
    private record FileStamp(long size, long modifiedMillis, Object fileKey) {
        /** A file modified this recently may still change within one tick of a coarse clock: its content is checked. */
        static final long SETTLED_MS = 10_000;

        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(a.size(), a.lastModifiedTime().toMillis(), a.fileKey());
        }

        boolean settled(long nowMillis) {
            return nowMillis - modifiedMillis > SETTLED_MS;
        }
    }

    @Activate
    public ConfigStore(BundleContext ctx, @Reference DriverDirectory drivers, Settings settings)
            throws IOException, ConfigValidationException {
        this(Paths.get(propertyOr(ctx, CONFIG_FILE_PROPERTY, DEFAULT_CONFIG_FILE)), drivers,
                settings.watch_interval_s(), new ServiceTracker<>(ctx, ConfigListener.class, null));
    }

    private ConfigStore(Path file, DriverDirectory drivers, int watchIntervalS,
                        ServiceTracker<ConfigListener, ConfigListener> tracker)
            throws IOException, ConfigValidationException {
        this(file, drivers, watchIntervalS, () -> tracker.getTracked().values(), tracker);
    }

    /** For tests: listeners from a plain collection. */
    ConfigStore(Path file, DriverDirectory drivers, int watchIntervalS, Supplier<Iterable<ConfigListener>> listeners)
            throws IOException, ConfigValidationException {
        this(file, drivers, watchIntervalS, listeners, null);
    }

    private ConfigStore(Path file, DriverDirectory drivers, int watchIntervalS,
                        Supplier<Iterable<ConfigListener>> listeners,
                        ServiceTracker<ConfigListener, ConfigListener> tracker)
            throws IOException, ConfigValidationException {
        this.file = file.toAbsolutePath();
        this.drivers = drivers;
        this.listeners = listeners;
        this.listenerTracker = tracker;
        removeLeftovers();
        byte[] content = read();
        this.current = validated(content);
        this.knownDigest = md5(content);
        // taken after the read: an edit in between is recent, so the first poll reads the file again (see FileStamp)
        this.examined = FileStamp.of(this.file);
        LOG.info("{}: loaded, {} device(s), site \"{}\"{}", this.file, current.devices().size(),
                current.settings().siteName(), current.settings().standalone() ? ", standalone (no backend_url)" : "");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "avmonitoring-config");
            t.setDaemon(true);
            return t;
        });
        if (tracker != null) {
            // Listeners (config-sync, collector, ...) themselves need this service: getting them while it is being
            // activated is a circular reference for SCR. Off this thread, their activation just waits for ours.
            executor.execute(tracker::open);
        }
        executor.scheduleWithFixedDelay(this::reloadIfEdited, watchIntervalS, watchIntervalS, TimeUnit.SECONDS);
        drivers.onChange(onDriverChange);
        refreshWarnings("loaded");
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        drivers.removeListener(onDriverChange);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        if (listenerTracker != null) {
            listenerTracker.close();
        }
    }

    /** True while the file on disk holds an edit that was refused. */
    boolean handEditRejected() {
        synchronized (writeLock) {
            return rejectedDigest != null;
        }
    }

    @Override
    public SiteConfig current() {
        return current;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public List<ValidationProblem> validateDevice(Device device) {
        // a person entering a device: keys its driver does not describe are errors, not warnings
        return DeviceRules.check(device, drivers::forType, true, new ArrayList<>());
    }

    @Override
    public Set<String> secretKeys(String type) {
        return DeviceRules.secretKeys(type, drivers::forType);
    }

    @Override
    public List<ValidationProblem> warnings() {
        return warnings;
    }

    /**
     * Recomputes {@link #warnings()} off the caller's thread (a driver's arrival is seen on SCR's) and logs the
     * warnings that are new, so a driver arriving names the devices of its type that it finds wrong, once.
     */
    private void refreshWarnings(String why) {
        try {
            executor.execute(() -> {
                List<ValidationProblem> before = warnings;
                List<ValidationProblem> now = DeviceRules.warnings(current.devices(), drivers::forType, true);
                warnings = List.copyOf(now);
                now.stream().filter(w -> !before.contains(w)).forEach(w -> LOG.warn("{}: {} ({})", file, w, why));
            });
        } catch (RejectedExecutionException e) {
            // stopping: nobody will ask any more
        }
    }

    @Override
    public Device parseDevice(Map<String, Object> json, DeviceSource source) throws ConfigValidationException {
        List<ValidationProblem> problems = new ArrayList<>();
        Device d = ConfigCodec.device(json, "", source, problems, null);
        if (d == null) {
            throw new ConfigValidationException(deviceOrigin(json.get("id")), problems);
        }
        return d;
    }

    @Override
    public Map<String, Object> toJson(Device device) {
        return ConfigCodec.toJson(device);
    }

    @Override
    public SiteConfig parse(byte[] json, String origin) throws ConfigValidationException {
        ConfigCodec.Result r = DeviceRules.parseAndCheck(json, drivers::forType);
        if (!r.ok()) {
            throw new ConfigValidationException(origin, r.problems());
        }
        r.warnings().forEach(w -> LOG.warn("{}: {}", origin, w));
        return r.config();
    }

    @Override
    public SiteConfig addDevice(Device device) throws ConfigValidationException {
        return change(c -> {
            if (c.device(device.id()).isPresent()) {
                throw new DuplicateDeviceException(file.toString(), device.id());
            }
            requireValid(device);
            List<Device> devices = new ArrayList<>(c.devices());
            devices.add(device);
            return withDevices(c, devices);
        }, "device \"" + device.id() + "\" added");
    }

    @Override
    public SiteConfig updateDevice(String id, Device device) throws ConfigValidationException {
        return change(c -> {
            int index = indexOf(c, id);
            if (!device.id().equals(id) && c.device(device.id()).isPresent()) {
                throw new DuplicateDeviceException(file.toString(), device.id());
            }
            requireValid(device);
            List<Device> devices = new ArrayList<>(c.devices());
            devices.set(index, device);
            return withDevices(c, devices);
        }, "device \"" + id + "\" updated");
    }

    @Override
    public SiteConfig removeDevice(String id) throws ConfigValidationException {
        return change(c -> {
            List<Device> devices = new ArrayList<>(c.devices());
            devices.remove(indexOf(c, id));
            return withDevices(c, devices);
        }, "device \"" + id + "\" removed");
    }

    @Override
    public SiteConfig updateSettings(SiteSettings settings) throws ConfigValidationException {
        return change(c -> new SiteConfig(settings, c.devices(), c.driverDefaults(), c.extras()),
                "site settings updated");
    }

    @Override
    public SiteConfig replaceBackendDevices(List<Device> backendDevices) throws ConfigValidationException {
        return change(c -> {
            List<Device> devices = new ArrayList<>();
            for (Device d : c.devices()) {
                if (d.source() == DeviceSource.LOCAL) {
                    devices.add(d);
                }
            }
            for (Device d : backendDevices) {
                devices.add(d.withSource(DeviceSource.BACKEND));
            }
            return withDevices(c, devices);
        }, backendDevices.size() + " backend device(s) applied");
    }

    /** A function from the current configuration to the next that may refuse the change. */
    private interface Change {
        SiteConfig apply(SiteConfig current) throws ConfigValidationException;
    }

    private SiteConfig change(Change change, String what) throws ConfigValidationException {
        SiteConfig previous;
        SiteConfig reached;
        Exception refused = null;
        synchronized (writeLock) {
            previous = current;
            applyPendingHandEdit();
            try {
                write(change.apply(current));
            } catch (ConfigValidationException | RuntimeException e) {
                refused = e; // a hand edit applied above is still announced
            }
            reached = current;
        }
        if (refused == null) {
            LOG.info("{}: {}", file, what);
        }
        if (reached != previous) {
            refreshWarnings(what);
            announce(previous, reached);
        }
        if (refused instanceof ConfigValidationException e) {
            throw e;
        } else if (refused != null) {
            throw (RuntimeException) refused;
        }
        return reached;
    }

    /** Caller holds writeLock. */
    private void write(SiteConfig next) throws ConfigValidationException {
        byte[] content = ConfigCodec.write(next);
        // The whole document is re-read exactly as a restart would read it: what we write must load.
        SiteConfig reread = validated(content);
        try {
            AtomicFile.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
        knownDigest = md5(content);
        current = reread;
    }

    /**
     * A hand edit the polling has not applied yet (it polls every few seconds, and cannot always tell an edit from the
     * file's size and time) is applied before a write, so that the write keeps it. An invalid one refuses the write:
     * the operator's file is never overwritten. Caller holds writeLock.
     */
    private void applyPendingHandEdit() throws ConfigValidationException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return; // deleted: the write puts the configuration in force back
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read before writing: " + e.getMessage(), e);
        }
        byte[] digest = md5(content);
        if (Arrays.equals(digest, knownDigest)) {
            return;
        }
        try {
            current = validated(content);
        } catch (ConfigValidationException e) {
            rejectedDigest = digest;
            throw new ConfigValidationException(file + " was edited by hand into an invalid state; the change is"
                    + " refused and the file left as it is (fix or undo the edit, then retry)", e.problems());
        }
        knownDigest = digest;
        rejectedDigest = null;
        LOG.info("{}: a hand edit applied before writing, {} device(s)", file, current.devices().size());
    }

    private void requireValid(Device device) throws ConfigValidationException {
        List<ValidationProblem> problems = validateDevice(device);
        if (!problems.isEmpty()) {
            throw new ConfigValidationException("device \"" + device.id() + "\"", problems);
        }
    }

    private int indexOf(SiteConfig c, String id) throws UnknownDeviceException {
        for (int i = 0; i < c.devices().size(); i++) {
            if (c.devices().get(i).id().equals(id)) {
                return i;
            }
        }
        throw new UnknownDeviceException(file.toString(), id);
    }

    private static SiteConfig withDevices(SiteConfig c, List<Device> devices) {
        return new SiteConfig(c.settings(), devices, c.driverDefaults(), c.extras());
    }

    /** One look for a hand edit (the polling thread's job; tests call it to stand for a poll at a given moment). */
    void reloadIfEdited() {
        try {
            FileStamp stamp = FileStamp.of(file);
            if (stamp.equals(examined) && stamp.settled(System.currentTimeMillis())) {
                return;
            }
            examined = stamp;
            byte[] content = read();
            byte[] digest = md5(content);
            SiteConfig previous;
            SiteConfig next;
            synchronized (writeLock) {
                if (Arrays.equals(digest, knownDigest) || Arrays.equals(digest, rejectedDigest)) {
                    return;
                }
                try {
                    next = validated(content);
                } catch (ConfigValidationException e) {
                    rejectedDigest = digest;
                    LOG.error("{} was edited into an invalid state; keeping the last good configuration. {}",
                            file, e.getMessage());
                    return;
                }
                previous = current;
                current = next;
                knownDigest = digest;
                rejectedDigest = null;
            }
            LOG.info("{}: reloaded after an edit, {} device(s)", file, next.devices().size());
            refreshWarnings("reloaded after an edit");
            announce(previous, next);
        } catch (NoSuchFileException e) {
            LOG.error("{} has disappeared; keeping the last good configuration in memory", file);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: cannot check for edits: {}", file, e.toString());
        }
    }

    private void announce(SiteConfig previous, SiteConfig next) {
        for (ConfigListener l : listeners.get()) {
            try {
                l.configChanged(previous, next);
            } catch (RuntimeException e) {
                LOG.error("config listener {} failed on a change", l.getClass().getName(), e);
            }
        }
    }

    private SiteConfig validated(byte[] content) throws ConfigValidationException {
        ConfigCodec.Result r = DeviceRules.parseAndCheck(content, drivers::forType);
        if (!r.ok()) {
            throw new ConfigValidationException(file.toString(), r.problems());
        }
        r.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
        return r.config();
    }

    private byte[] read() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "configuration file not found");
        }
    }

    private void removeLeftovers() throws IOException {
        for (Path p : AtomicFile.leftovers(file)) {
            LOG.warn("{}: removing {} left by an interrupted write (the file itself is intact)", file, p.getFileName());
            Files.deleteIfExists(p);
        }
    }

    private static String deviceOrigin(Object id) {
        return id instanceof String ? "device \"" + id + "\"" : "device";
    }

    static byte[] md5(byte[] content) {
        try {
            return MessageDigest.getInstance("MD5").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    private static String propertyOr(BundleContext ctx, String key, String dflt) {
        String v = ctx.getProperty(key);
        return v == null || v.isBlank() ? dflt : v;
    }
}
