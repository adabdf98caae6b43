package org.avmonitoring.agent.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.api.config.ConfigService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The HTTP port under hostile local clients, with real sockets against the real Felix HTTP Jetty: slow bodies, a
 * foreign {@code Host}, cross-site posts and password guessing on the Web Console, the live-stream limit, and
 * Jetty's own 400s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebHardeningIT {
    private static final Pattern CSRF = Pattern.compile("\"csrf_token\":\"([^\"]+)\"");
    private ContainerOptions.Agent agent;

    @Inject
    private BundleContext ctx;

    @Configuration
    public Option[] config() {
        ContainerOptions.Agent agent = ContainerOptions.newAgent("{\"site_name\":\"itest\",\"site_token\":\"CHANGE-ME\","
                + "\"backend_url\":\"\",\"devices\":[]}");
        return new Option[] {ContainerOptions.container(agent)};
    }

    @Before
    public void run() throws InterruptedException {
        agent = ContainerOptions.Agent.of(ctx);
        if (ctx.getServiceReference(ConfigService.class) == null) {
            ContainerOptions.allowRun(ctx);
        }
        Await.until(Duration.ofMillis(20_000), () -> ContainerOptions.httpStatus(agent.httpPort, "/api/health", null) == 200, "the API answers");
    }

    @Test
    public void slowBodiesHoldNoThreadAndEndInTime() throws Exception {
        String token = csrfToken();
        String headers = "POST /api/devices HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-CSRF-Token: " + token + "\r\nContent-Length: 200000\r\n\r\n";
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) { // more than the 16 Jetty threads; the first byte makes Jetty dispatch
                slow.add(RawHttp.connect(agent.httpPort).send(headers + "{"));
            }
            // the UI, /metrics and the Web Console still answer while every slow client is held
            long start = System.nanoTime();
            assertEquals(200, RawHttp.status(RawHttp.exchange(agent.httpPort, get("/api/health"))));
            assertEquals(200, RawHttp.status(RawHttp.exchange(agent.httpPort, get("/metrics"))));
            assertEquals(401, RawHttp.status(RawHttp.exchange(agent.httpPort, get("/system/console/bundles"))));
            assertTrue("answered while held", System.nanoTime() - start < 10_000_000_000L);
            // beyond the 16 bodies read at once: refused at once, not queued
            List<RawHttp> held = new ArrayList<>();
            int refused = 0;
            for (RawHttp c : slow) {
                String answer = c.read(300);
                if (answer.isEmpty()) {
                    held.add(c);
                } else {
                    assertEquals(answer, 503, RawHttp.status(answer));
                    assertTrue(answer, answer.contains("Retry-After: 5"));
                    refused++;
                }
            }
            assertEquals(8, refused);
            // a body that keeps trickling ends with 408 once its time is up (20 s), bounded here at 40 s
            RawHttp first = held.get(0);
            String answer = "";
            for (int i = 0; i < 40 && answer.isEmpty(); i++) {
                first.send(" ");
                answer = first.read(1_000);
            }
            assertEquals(answer, 408, RawHttp.status(answer));
        } finally {
            for (RawHttp c : slow) {
                c.close();
            }
        }
    }

    @Test
    public void aRefusalOnTheHeadersComesBeforeTheBody() throws Exception {
        try (RawHttp c = RawHttp.connect(agent.httpPort)) {
            String answer = c.send("POST /api/devices HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 200000\r\n\r\n").read(5_000);
            assertEquals(answer, 403, RawHttp.status(answer));
            assertTrue(answer, answer.contains("CSRF"));
        }
        String plain = RawHttp.exchange(agent.httpPort, "POST /api/devices HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-CSRF-Token: " + csrfToken() + "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\n{}");
        assertEquals(plain, 415, RawHttp.status(plain));
    }

    @Test
    public void everyPathRefusesAForeignHost() throws Exception {
        for (String path : List.of("/metrics", "/system/console/bundles", "/api/health", "/")) {
            String answer = RawHttp.exchange(agent.httpPort, "GET " + path + " HTTP/1.1\r\nHost: evil.example\r\n"
                    + "Authorization: " + consoleCredentials(ContainerOptions.CONSOLE_PASSWORD) + "\r\nConnection: close\r\n\r\n");
            assertEquals(path + ": " + answer, 403, RawHttp.status(answer));
        }
    }

    @Test
    public void theWebConsoleRefusesCrossSitePosts() throws Exception {
        String post = "POST /system/console/configMgr/itest.pid HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + consoleCredentials(ContainerOptions.CONSOLE_PASSWORD) + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 11\r\nConnection: close\r\n";
        String foreign = RawHttp.exchange(agent.httpPort, post + "Origin: http://evil.example\r\n\r\napply=true&");
        assertEquals(foreign, 403, RawHttp.status(foreign));
        String crossSite = RawHttp.exchange(agent.httpPort, post + "Sec-Fetch-Site: cross-site\r\n\r\napply=true&");
        assertEquals(crossSite, 403, RawHttp.status(crossSite));
        String own = RawHttp.exchange(agent.httpPort, post + "Origin: http://127.0.0.1\r\n\r\napply=true&");
        assertNotEquals(own, 403, RawHttp.status(own));
    }

    @Test
    public void repeatedWrongConsolePasswordsAreRefusedFor30Seconds() throws Exception {
        String source = "127.0.0.3"; // its own source: the other tests keep logging in from 127.0.0.1
        for (int i = 0; i < 5; i++) {
            assertEquals(401, RawHttp.status(consoleGet(source, "wrong-" + i)));
        }
        String locked = consoleGet(source, ContainerOptions.CONSOLE_PASSWORD);
        assertEquals(locked, 429, RawHttp.status(locked));
        assertTrue(locked, locked.contains("Retry-After: "));
        assertEquals(200, RawHttp.status(consoleGet("127.0.0.1", ContainerOptions.CONSOLE_PASSWORD)));
    }

    @Test
    public void theLiveStreamSaysWhyItRefusesAClient() throws Exception {
        List<RawHttp> streams = new ArrayList<>();
        try {
            String answer = "";
            for (int i = 0; i < 8 && !answer.contains("event: refused"); i++) {
                RawHttp c = RawHttp.connect(agent.httpPort).send(get("/api/events").replace("Connection: close\r\n", ""));
                streams.add(c);
                answer = c.read(1_000);
            }
            assertTrue(answer, answer.contains("event: refused") && answer.contains("too many open UI tabs"));
            assertEquals("the limit is the configured 4", 5, streams.size());
        } finally {
            for (RawHttp c : streams) {
                c.close();
            }
        }
    }

    @Test
    public void theContainersOwn400sAreInTheApiErrorShape() throws Exception {
        String answer = RawHttp.exchange(agent.httpPort, "GET /api/devices?status=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(answer, 400, RawHttp.status(answer));
        assertTrue(answer, answer.contains("application/json") && answer.contains("{\"errors\":[{\"field\":\"\""));
    }

    private String consoleGet(String source, String password) throws Exception {
        try (RawHttp c = RawHttp.connect(source, agent.httpPort)) {
            return c.send("GET /system/console/bundles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + consoleCredentials(password) + "\r\nConnection: close\r\n\r\n").read(10_000);
        }
    }

    private static String consoleCredentials(String password) {
        return "Basic " + Base64.getEncoder().encodeToString((ContainerOptions.CONSOLE_USER + ":" + password).getBytes());
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    }

    private String csrfToken() throws Exception {
        Matcher m = CSRF.matcher(RawHttp.exchange(agent.httpPort, get("/api/session")));
        assertTrue(m.find());
        return m.group(1);
    }
}
