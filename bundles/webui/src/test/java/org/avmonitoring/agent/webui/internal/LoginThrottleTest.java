package org.avmonitoring.agent.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void aSourceThatKeepsFailingWaitsAndOthersDoNot() {
        for (int i = 1; i < LoginThrottle.MAX_FAILURES; i++) {
            assertEquals(i, throttle.failed("127.0.0.3"));
            assertEquals(0, throttle.waitSeconds("127.0.0.3"));
        }
        throttle.failed("127.0.0.3");
        assertEquals(LoginThrottle.LOCKOUT.toSeconds(), throttle.waitSeconds("127.0.0.3"));
        assertEquals(0, throttle.waitSeconds("127.0.0.1"));
        clock.now = clock.now.plus(LoginThrottle.LOCKOUT).minusSeconds(1);
        assertEquals(1, throttle.waitSeconds("127.0.0.3"));
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertEquals(0, throttle.waitSeconds("127.0.0.3"));
        throttle.succeeded("127.0.0.3");
        assertEquals(1, throttle.failed("127.0.0.3"), "a success starts the count again");
    }

    @Test
    void rememberedSourcesAreBounded() {
        for (int i = 0; i < 10 * LoginThrottle.MAX_SOURCES; i++) {
            throttle.failed("127.1." + (i / 256) + "." + (i % 256));
        }
        assertEquals(LoginThrottle.MAX_SOURCES, throttle.sources());
    }
}
