package com.example.avmonitoring.banner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeadlineSweeper;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code banner} device type: connects over TCP and reads the first line the device says (an SSH, SMTP or
 * control-port greeting). ok when it answers (and its banner matches {@code banner.expect}, when set), ko when it
 * refuses, stays silent or says something else. Non-blocking I/O on one small channel group shared by all devices.
 */
@Component(service = DeviceDriver.class, property = DeviceDriver.TYPE + "=" + BannerDriver.TYPE)
@Designate(ocd = BannerDriver.Config.class)
public class BannerDriver implements DeviceDriver {
    static final String TYPE = "banner";
    static final int DEFAULT_TIMEOUT_MS = 3000;

    /** The driver's own settings, shared by all its devices: MetaType, edited in the Web Console. */
    @ObjectClassDefinition(name = "avmonitoring banner driver")
    public @interface Config {
        @AttributeDefinition(name = "Banner bytes (max)", description = "How much of the greeting is read.",
                min = "16", max = "4096")
        int max_banner_bytes() default 256;
    }

    static final DriverDescription DESCRIPTION = DriverDescription.builder("TCP banner")
            .help("Connects over TCP and reads the device's greeting line.")
            .defaultPort(22)
            .setting(SettingDescription.section("banner",
                    SettingDescription.text("expect").label("Expected banner")
                            .help("A regular expression the greeting must contain; any greeting when empty."),
                    SettingDescription.integer("timeout_ms").label("Timeout (ms)").range(100, 60_000)
                            .defaultValue(DEFAULT_TIMEOUT_MS)).label("Banner"))
            .metric(MetricDescription.text("banner").label("Banner").asKeyMetric())
            .metric(MetricDescription.number("connect_ms").label("Connect").unit("ms").asKeyMetric().asExported())
            .metric(MetricDescription.bool("banner_changed").label("Banner changed")
                    .help("The greeting differs from the previous check's (a firmware update?)."))
            .build();

    private final Logger log = LoggerFactory.getLogger(getClass());
    /** The last banner of each device: freed by {@link #forget}, so it never outgrows the configuration. */
    private final Map<String, String> lastBanner = new ConcurrentHashMap<>();
    private AsynchronousChannelGroup group;
    private DeadlineSweeper deadlines;
    private int maxBytes;

    @Activate
    void activate(Config config) throws IOException {
        maxBytes = config.max_banner_bytes();
        group = AsynchronousChannelGroup.withFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "banner-io");
            t.setDaemon(true);
            return t;
        });
        deadlines = new DeadlineSweeper("banner-deadlines", 50);
        log.info("banner driver started");
    }

    @Deactivate
    void deactivate() throws InterruptedException, IOException {
        deadlines.close();
        group.shutdownNow();
        group.awaitTermination(2, TimeUnit.SECONDS);
    }

    @Override
    public DriverDescription description() {
        return DESCRIPTION;
    }

    /** Only what the description cannot say: {@code expect} must be a regular expression. No I/O here. */
    @Override
    public List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (device.section("banner").get("expect") instanceof String expect) {
            try {
                Pattern.compile(expect);
            } catch (PatternSyntaxException e) {
                problems.add(new ValidationProblem("banner.expect", "is not a regular expression: "
                        + e.getDescription()));
            }
        }
        return problems;
    }

    @Override
    public void forget(String deviceId) {
        lastBanner.remove(deviceId);
    }

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        Instant now = Instant.now();
        List<ValidationProblem> problems = validate(device); // a device may reach us unchecked (a late driver)
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.invalidSettings(now, problems));
        }
        Map<String, Object> s = device.section("banner");
        Object expect = s.get("expect");
        long timeoutMs = s.get("timeout_ms") instanceof Number n ? n.longValue() : DEFAULT_TIMEOUT_MS;
        long budgetNanos = Math.min(deadline.toNanos(), TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open(group);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(CheckResult.unknown(now, "cannot open a socket: " + e.getMessage()));
        }
        // whatever ends the check (answer, deadline, the collector's cancel) closes the socket
        result.whenComplete((r, t) -> close(channel));
        deadlines.expireAt(result, System.nanoTime() + budgetNanos,
                () -> CheckResult.ko(now, "no banner within " + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms"));
        long start = System.nanoTime();
        channel.connect(new InetSocketAddress(device.host(), device.portOr(22)), null,
                new CompletionHandler<Void, Void>() {
                    @Override
                    public void completed(Void v, Void a) {
                        double connectMs = (System.nanoTime() - start) / 1e6;
                        ByteBuffer buf = ByteBuffer.allocate(maxBytes);
                        channel.read(buf, null, new CompletionHandler<Integer, Void>() {
                            @Override
                            public void completed(Integer n, Void a) {
                                String banner = firstLine(buf);
                                result.complete(judge(device.id(), banner, expect, connectMs, now));
                            }

                            @Override
                            public void failed(Throwable t, Void a) {
                                result.complete(CheckResult.ko(now, "read failed: " + t));
                            }
                        });
                    }

                    @Override
                    public void failed(Throwable t, Void a) {
                        result.complete(CheckResult.ko(now, "cannot connect: " + t));
                    }
                });
        return result;
    }

    private CheckResult judge(String deviceId, String banner, Object expect, double connectMs, Instant now) {
        String previous = banner.isEmpty() ? null : lastBanner.put(deviceId, banner);
        boolean matches = !(expect instanceof String e) || e.isEmpty() || Pattern.compile(e).matcher(banner).find();
        CheckResult.Builder b = CheckResult.builder(now);
        if (banner.isEmpty()) {
            b.fail("closed without a banner");
        } else if (!matches) {
            b.fail("banner \"" + banner + "\" does not match the expected one");
        }
        return b.latencyMs(connectMs)
                .metric("banner", banner)
                .metric("connect_ms", Math.round(connectMs * 10) / 10.0)
                .metric("banner_changed", previous != null && !previous.equals(banner))
                .build();
    }

    private static String firstLine(ByteBuffer buf) {
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static void close(AsynchronousSocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
