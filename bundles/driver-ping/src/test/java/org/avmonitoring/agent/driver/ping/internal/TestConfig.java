package org.avmonitoring.agent.driver.ping.internal;

import java.lang.annotation.Annotation;

/** The driver's configuration outside OSGi (tests and the benchmark), defaults except where they need otherwise. */
record TestConfig(String fping, int windowMs, int periodMs) implements PingDriver.Config {
    /** Echoes 50 ms apart keep the tests quick. */
    static final TestConfig DEFAULT = new TestConfig("/usr/bin/fping", 20, 50);

    @Override
    public Class<? extends Annotation> annotationType() {
        return PingDriver.Config.class;
    }

    @Override
    public String fping_path() {
        return fping;
    }

    @Override
    public int batch_window_ms() {
        return windowMs;
    }

    @Override
    public int max_batch() {
        return 1000;
    }

    @Override
    public int max_processes() {
        return 4;
    }

    @Override
    public int period_ms() {
        return periodMs;
    }

    @Override
    public int interval_ms() {
        return 1;
    }

    @Override
    public int burst_max() {
        return 64;
    }

    @Override
    public int dns_timeout_ms() {
        return 2000;
    }
}
