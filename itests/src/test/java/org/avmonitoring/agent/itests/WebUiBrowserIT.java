package org.avmonitoring.agent.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.jr.ob.JSON;

import org.avmonitoring.agent.itests.rawdriver.GreeterBundle;
import org.avmonitoring.agent.testing.pjlink.ProjectorSimulator;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;
import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.testing.support.Peers;
import org.avmonitoring.agent.testing.snmp.SnmpdProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser (Debian's headless chromium through chromedriver) against the agent started from the assembled tree
 * as a process, with simulated projectors: add a device, test it, see it turn ok live, edit it, see an invalid entry
 * refused with its message, delete it; find a class 2 projector and add it in one click; and the security rules over
 * raw HTTP. Leaves a screenshot of the dashboard in {@code target/webui-dashboard.png} (the source of
 * {@code docs/dashboard.png}).
 */
class WebUiBrowserIT {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    /** Placeholders, obviously not real credentials. */
    private static final String PJLINK_PASSWORD = "pj-itest-CHANGE-ME";
    private static final String SITE_TOKEN = "itest-token-CHANGE-ME";
    private static final String UI_PASSWORD = "itest-ui-CHANGE-ME";
    private static final String SNMP_COMMUNITY = "itest-ro-CHANGE-ME";

    @TempDir
    Path dir;

    private ProjectorSimulator simulator;
    private AgentProcess agent;
    private WebDriver browser;
    private WebDriverWait wait;
    private String base;
    private int port;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        simulator = new ProjectorSimulator();
        projector("127.0.42.1", 0).power(SimulatedProjector.Power.ON).lamps(1520);
        projector("127.0.42.2", 0).power(SimulatedProjector.Power.ON).lamps(880);
        projector("127.0.42.3", 0).power(SimulatedProjector.Power.STANDBY).lamps(3150).errorStatus("010000");
        StringBuilder devices = new StringBuilder();
        String[] names = {"Room 101 projector", "Room 102 projector", "Lecture hall projector"};
        for (int i = 0; i < 3; i++) {
            SimulatedProjector p = simulator.projectors().get(i);
            devices.append("{\"id\":\"proj-10").append(i + 1).append("\",\"name\":\"").append(names[i])
                    .append("\",\"type\":\"pjlink\",\"host\":\"").append(p.host()).append("\",\"port\":").append(p.port())
                    .append(",\"password\":\"").append(PJLINK_PASSWORD).append("\"},");
        }
        devices.append("{\"id\":\"display-foyer\",\"name\":\"Foyer display\",\"type\":\"pjlink\",\"host\":\"127.0.42.9\","
                + "\"port\":").append(ContainerOptions.freePort()).append("}");
        config = dir.resolve("config.json");
        Files.writeString(config, "{\"site_name\":\"Campus A, building B\",\"site_token\":\"" + SITE_TOKEN
                + "\",\"collect_interval_s\":2,\"devices\":[" + devices + "]}");
    }

    /** Starts the agent (with {@code credentials}, which may not exist) and waits until {@code readyPath} answers. */
    private void startAgent(Path credentials, String readyPath, int readyStatus) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("deploy"));
        port = ContainerOptions.freePort();
        base = "http://127.0.0.1:" + port;
        agent = AgentProcess.start(dir.resolve("agent.log"), "--config", config.toString(), "--data-dir",
                data.toString(), "--http-port", Integer.toString(port), "--credentials", credentials.toString());
        Await.until(Duration.ofMillis(90_000), () -> status(readyPath) == readyStatus, "the web UI to answer");
    }

    private void openBrowser() throws IOException {
        String why = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
        assumeTrue(Peers.available(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), why), why);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,820", "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium")));
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (agent != null) {
            agent.terminate(20);
            String log = agent.output();
            assertFalse(log.contains(SITE_TOKEN) || log.contains(PJLINK_PASSWORD) || log.contains(UI_PASSWORD)
                    || log.contains(SNMP_COMMUNITY),
                    "no secret in the agent's log");
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void addTestLiveEditRejectDelete() throws Exception {
        openBrowser();
        startAgent(dir.resolve("none"), "/api/devices", 200);
        int newPort = ContainerOptions.freePort();
        WebElement form = addForm("pjlink", "password");
        type(form, "id", "proj-new");
        type(form, "name", "Seminar room projector");
        type(form, "host", "127.0.42.20");
        type(form, "port", Integer.toString(newPort));
        type(form, "password", PJLINK_PASSWORD);

        // "Test now" before saving: nobody listens there yet, and the page says so.
        browser.findElement(By.id("test-form")).click();
        WebElement outcome = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("test-outcome")));
        assertTrue(outcome.getText().toLowerCase(java.util.Locale.ROOT).contains("ko"), outcome.getText());
        assertFalse(Files.readString(config).contains("proj-new"), "a test saves nothing");

        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.urlContains("#/device/proj-new"));
        assertTrue(Files.readString(config).contains("proj-new"));

        // The dashboard, then the projector appears: the row turns ok without a reload.
        browser.findElement(By.linkText("Dashboard")).click();
        wait.until(d -> "ko".equals(statusOf("proj-new")));
        ((JavascriptExecutor) browser).executeScript("window.itestMarker = 'same page'");
        projector("127.0.42.20", newPort).power(SimulatedProjector.Power.ON).lamps(120);
        wait.until(d -> "ok".equals(statusOf("proj-new")));
        assertEquals("same page", ((JavascriptExecutor) browser).executeScript("return window.itestMarker"),
                "updated live, not by reloading the page");
        wait.until(d -> "ok".equals(statusOf("proj-101")) && "warning".equals(statusOf("proj-103"))
                && "ko".equals(statusOf("display-foyer")));
        assertKeyMetricShown("proj-new", "pjlink");
        Files.write(Paths.get("target", "webui-dashboard.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        // Edit: rename; the masked password is kept.
        click(By.cssSelector("tr[data-id='proj-new'] a"));
        click(By.id("edit"));
        form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("device-form")));
        type(form, "name", "Seminar room 2 projector");
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h2"), "Seminar room 2 projector"));
        String saved = Files.readString(config);
        assertTrue(saved.contains("Seminar room 2 projector"), saved);
        assertTrue(saved.contains(PJLINK_PASSWORD), "the password survived an edit that did not touch it");

        // An invalid entry is refused with its message, next to its field.
        click(By.id("edit"));
        form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("device-form")));
        type(form, "port", "70000");
        browser.findElement(By.id("save")).click();
        WebElement portError = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-error-for='port']")));
        assertTrue(portError.getText().contains("70000"), portError.getText());
        assertTrue(browser.getCurrentUrl().contains("#/edit/proj-new"), "still on the form");
        assertFalse(Files.readString(config).contains("70000"));

        // Delete.
        browser.findElement(By.id("delete")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("devices")));
        wait.until(d -> d.findElements(By.cssSelector("tr[data-id='proj-new']")).isEmpty());
        assertFalse(Files.readString(config).contains("proj-new"));
    }

    @Test
    void devicePageReadsAsItsDriverDescribesItAndTheFaviconIsServed() throws Exception {
        openBrowser();
        startAgent(dir.resolve("none"), "/api/devices", 200);
        browser.get(base + "/#/device/proj-101");
        // "Lamp 1: 1,520 h": the description's label and unit, the number grouped, a no-break space before the unit
        wait.withMessage(() -> "Lamp 1 reads " + metricText("lamp_1_hours").chars().mapToObj(Integer::toHexString).toList())
                .until(d -> metricText("lamp_1_hours").equals("1,520 h"));
        assertEquals("Lamp 1", metricLabel("lamp_1_hours"));
        assertEquals("Power", metricLabel("power"));
        assertEquals("On", metricText("power"));
        // the history chart draws every check as a marker after a few of them (collect_interval_s 2), with ticks
        wait.withMessage(() -> "markers in " + ((JavascriptExecutor) browser).executeScript(
                "const c = document.getElementById('history-chart'); return c ? c.outerHTML.slice(0, 3000) : 'no chart'"))
                .until(d -> count("#history-chart circle.marker") >= 3);
        assertTrue(count("#history-chart text") >= 5, "a time axis and a latency axis");
        Files.write(Paths.get("target", "webui-device.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('history-chart').scrollIntoView()");
        Files.write(Paths.get("target", "webui-device-history.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        String icon = raw2("GET /favicon.svg HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n", "");
        assertTrue(icon.startsWith("HTTP/1.1 200 "), icon);
        assertTrue(icon.contains("Content-Type: image/svg+xml"), icon);
        assertEquals("/favicon.svg", ((JavascriptExecutor) browser).executeScript(
                "return new URL(document.querySelector('link[rel=icon]').href).pathname"));

        // the Coming up view answers from the nav (with or without forecasts yet)
        click(By.id("nav-coming-up"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h2"), "Coming up"));
    }

    /** Needs the status back end (POST/DELETE /api/devices/{id}/maintenance, state.maintenance). */
    @Test
    void maintenanceStartsAndEndsFromTheDevicePage() throws Exception {
        openBrowser();
        startAgent(dir.resolve("none"), "/api/devices", 200);
        browser.get(base + "/#/device/proj-101");
        click(By.id("maintenance"));
        // live results redraw the page every few seconds (what is typed survives them): look the fields up again
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            new Select(d.findElement(By.id("maintenance-minutes"))).selectByValue("120");
            WebElement reason = d.findElement(By.id("maintenance-reason"));
            if (!"lamp replacement".equals(reason.getDomProperty("value"))) {
                reason.clear();
                reason.sendKeys("lamp replacement");
            }
            return "lamp replacement".equals(d.findElement(By.id("maintenance-reason")).getDomProperty("value"))
                    && "120".equals(d.findElement(By.id("maintenance-minutes")).getDomProperty("value"));
        });
        click(By.id("start-maintenance"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("maintenance"), "lamp replacement"));
        String panel = (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('maintenance').textContent");
        assertTrue(panel.matches("(?s).*until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}.*"), "the end time is shown: " + panel);
        Files.write(Paths.get("target", "webui-maintenance.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.linkText("Dashboard")).click();
        wait.until(d -> ((String) ((JavascriptExecutor) browser).executeScript("const e = document.querySelector("
                + "'tr[data-id=\"proj-101\"] .status-cell'); return e ? e.textContent : '';"))
                .contains("lamp replacement"));

        click(By.cssSelector("tr[data-id='proj-101'] a"));
        click(By.id("end-maintenance"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button#maintenance")));
        String device = raw2("GET /api/devices/proj-101 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n", "");
        assertTrue(device.contains("\"maintenance\":null"), device);
    }

    @Test
    void generatedFormsOfTheSnmpAndPingDrivers() throws Exception {
        String peers = "needs Debian's snmpd and fping (apt-get install snmpd fping)";
        assumeTrue(Peers.available(SnmpdProcess.installed() && Files.isExecutable(Paths.get("/usr/bin/fping")), peers),
                peers);
        try (SnmpdProcess snmpd = SnmpdProcess.builder().community(SNMP_COMMUNITY).start()) {
            openBrowser();
            startAgent(dir.resolve("none"), "/api/devices", 200);

            // SNMP: a section with a choice, a secret and a list whose row is added in the form.
            WebElement form = addForm("snmp", "snmp.community");
            type(form, "id", "dsp-new");
            type(form, "host", snmpd.address().getAddress().getHostAddress());
            type(form, "port", Integer.toString(snmpd.port()));
            new Select(form.findElement(By.name("snmp.version"))).selectByValue("2c");
            type(form, "snmp.community", SNMP_COMMUNITY);
            assertEquals("password", form.findElement(By.name("snmp.community")).getAttribute("type"), "a secret is masked");
            form.findElement(By.cssSelector("[data-add-for='snmp.oids']")).click();
            type(form, "snmp.oids[0].oid", "1.3.6.1.2.1.1.5.0");
            type(form, "snmp.oids[0].label", "name_again");
            browser.findElement(By.id("save")).click();
            wait.until(ExpectedConditions.urlContains("#/device/dsp-new"));
            Map<String, Object> saved = savedDevice("dsp-new");
            assertEquals(Map.of("version", "2c", "community", SNMP_COMMUNITY,
                    "oids", List.of(Map.of("oid", "1.3.6.1.2.1.1.5.0", "label", "name_again"))), saved.get("snmp"));

            // Ping: a section of numbers and a choice left at its default (not written).
            form = addForm("ping", "ping.count");
            type(form, "id", "ping-new");
            type(form, "host", "127.0.0.1");
            type(form, "ping.count", "2");
            browser.findElement(By.id("save")).click();
            wait.until(ExpectedConditions.urlContains("#/device/ping-new"));
            assertEquals(Map.of("count", 2), savedDevice("ping-new").get("ping"));

            browser.findElement(By.linkText("Dashboard")).click();
            wait.until(d -> "ok".equals(statusOf("dsp-new")) && "ok".equals(statusOf("ping-new")));
            assertKeyMetricShown("dsp-new", "snmp");
            assertKeyMetricShown("ping-new", "ping");

            // Editing keeps the masked community: the form sends the mask back, the agent keeps the stored one.
            browser.get(base + "/#/edit/dsp-new");
            form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("device-form")));
            assertEquals("name_again", form.findElement(By.name("snmp.oids[0].label")).getAttribute("value"));
            type(form, "name", "Rack DSP");
            browser.findElement(By.id("save")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h2"), "Rack DSP"));
            assertEquals(SNMP_COMMUNITY, ((Map<?, ?>) savedDevice("dsp-new").get("snmp")).get("community"));
        }
    }

    @Test
    void rawSettingsEditorForADriverThatDoesNotDescribeItself() throws Exception {
        GreeterBundle.write(Files.createDirectories(dir.resolve("data/deploy")).resolve("greeter-driver.jar"));
        openBrowser();
        startAgent(dir.resolve("none"), "/api/devices", 200);
        Await.until(Duration.ofSeconds(30), () -> drivers().stream()
                .anyMatch(d -> "greeter".equals(d.get("type")) && d.get("description") == null),
                "the greeter driver listed without a description");

        WebElement form = addForm("greeter", "settings");
        type(form, "id", "greeter-1");
        type(form, "host", "127.0.0.1");
        type(form, "settings", "{\"greeting\": ");
        browser.findElement(By.id("save")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-error-for='settings']")));
        assertTrue(error.getText().contains("not valid JSON"), error.getText());

        // valid JSON the driver refuses: its message next to the editor, nothing saved
        type(form, "settings", "{\"greeting\": 5}");
        browser.findElement(By.id("save")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-error-for='settings']")).getText()
                .contains("a greeting is needed"));
        assertFalse(Files.readString(config).contains("greeter-1"));

        type(form, "settings", "{\"greeting\": \"hello\"}");
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.urlContains("#/device/greeter-1"));
        assertEquals("hello", savedDevice("greeter-1").get("greeting"));
        browser.findElement(By.linkText("Dashboard")).click();
        wait.until(d -> "ok".equals(statusOf("greeter-1")));

        browser.get(base + "/#/edit/greeter-1");
        WebElement editor = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("raw-settings")));
        assertTrue(editor.getAttribute("value").contains("\"greeting\": \"hello\""), editor.getAttribute("value"));
    }

    @Test
    void findsAClass2ProjectorAndAddsItInOneClick() throws Exception {
        // The search goes to one loopback address instead of the AV network's broadcast address (loopback only).
        int pjlinkPort = ContainerOptions.freePort();
        simulator.add(new SimulatedProjector.Spec().address("127.0.42.50").port(pjlinkPort).projectorClass(2)
                .udp(true, -1).mac("0a:1b:2c:3d:4e:5f").password(null)).power(SimulatedProjector.Power.ON);
        Path deploy = Files.createDirectories(dir.resolve("data/deploy"));
        Files.writeString(deploy.resolve("org.avmonitoring.agent.driver.pjlink.PjLinkDriver.cfg"),
                "searchAddress=127.0.42.50\nsearchPort=" + pjlinkPort + "\n");
        openBrowser();
        startAgent(dir.resolve("none"), "/api/devices", 200);

        browser.get(base + "/#/discover");
        click(By.id("discover"));
        WebElement add = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[@id='discovery-results']//tr[td[contains(., '127.0.42.50')]]//button")));
        assertTrue(browser.findElement(By.id("discovery-results")).getText().contains("0a:1b:2c:3d:4e:5f"));
        add.click();
        wait.until(ExpectedConditions.urlContains("#/device/pjlink-127-0-42-50"));
        assertTrue(Files.readString(config).contains("127.0.42.50"));
        browser.findElement(By.linkText("Dashboard")).click();
        wait.until(d -> "ok".equals(statusOf("pjlink-127-0-42-50")));
    }

    @Test
    void refusesForeignHostsCrossSitePostsAndRequiresTheUiPasswordWhenSet() throws Exception {
        Path credentials = dir.resolve("credentials.properties");
        Files.writeString(credentials, "webconsole.username=itest-admin\nwebconsole.password=itest-console-CHANGE-ME\n"
                + "ui.password={sha-256}" + Base64.getEncoder().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(UI_PASSWORD.getBytes(StandardCharsets.UTF_8))) + "\n");
        startAgent(credentials, "/api/devices", 401);
        String before = Files.readString(config);

        assertEquals(403, raw("GET /api/session HTTP/1.1\r\nHost: rebind.example:" + port + "\r\n"), "DNS rebinding");
        assertEquals(403, raw("GET / HTTP/1.1\r\nHost: rebind.example\r\n"), "DNS rebinding, pages too");
        assertEquals(302, raw("GET / HTTP/1.1\r\nHost: localhost:" + port + "\r\n"), "pages send to the login form");
        // Until the console's servlet is registered (it may come a moment after the UI's), its path falls through to the
        // UI, which sends a page request to the login form: wait for the console itself, then check what it answers.
        Await.until(Duration.ofSeconds(20), () -> status("/system/console/bundles") != 302, "the console to be registered");
        assertEquals(401, status("/system/console/bundles"), "the console without credentials");

        String session = raw2("GET /api/session HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n", "");
        String csrf = session.replaceAll("(?s).*\"csrf_token\":\"([^\"]+)\".*", "$1");
        String login = raw2("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-CSRF-Token: " + csrf
                + "\r\nContent-Type: application/json\r\n", "{\"password\":\"" + UI_PASSWORD + "\"}");
        assertTrue(login.startsWith("HTTP/1.1 200"), login);
        assertTrue(login.contains("HttpOnly") && login.contains("SameSite=Strict"), login);
        String cookie = login.replaceAll("(?s).*Set-Cookie: (AVMSESSION=[^;]+);.*", "$1");

        String device = "{\"id\":\"evil\",\"type\":\"pjlink\",\"host\":\"127.0.42.66\"}";
        assertEquals(403, raw("POST /api/devices HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                + "\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: " + device.length()
                + "\r\n\r\n" + device), "a cross-site post without the token");
        assertEquals(403, raw("POST /api/devices HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                + "\r\nOrigin: http://evil.example\r\nX-CSRF-Token: " + csrf + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + device.length() + "\r\n\r\n" + device), "a cross-site post even with the token");
        assertEquals(401, raw("POST /api/devices HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-CSRF-Token: " + csrf
                + "\r\nContent-Type: application/json\r\nContent-Length: " + device.length() + "\r\n\r\n" + device),
                "the token without a session");
        assertEquals(before, Files.readString(config), "nothing refused reached the configuration");

        assertEquals(201, raw("POST /api/devices HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                + "\r\nOrigin: " + base + "\r\nX-CSRF-Token: " + csrf + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + device.length() + "\r\n\r\n" + device), "same origin, token and session");
    }

    /** Opens the Add form, picks {@code type} and waits for its generated {@code field}. */
    private WebElement addForm(String type, String field) {
        browser.get(base + "/#/add");
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("device-form")));
        new Select(form.findElement(By.name("type"))).selectByValue(type);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name(field)));
        return form;
    }

    /** The dashboard row of {@code id} shows the first key metric of its driver's description by its label. */
    @SuppressWarnings("unchecked")
    private void assertKeyMetricShown(String id, String type) {
        Map<String, Object> description = (Map<String, Object>) drivers().stream()
                .filter(d -> type.equals(d.get("type"))).findFirst().orElseThrow().get("description");
        String label = ((List<Map<String, Object>>) description.get("metrics")).stream()
                .filter(m -> Boolean.TRUE.equals(m.get("key_metric"))).map(m -> (String) m.get("label"))
                .findFirst().orElseThrow().replace("{n}", "1");
        wait.until(d -> {
            String cell = (String) ((JavascriptExecutor) browser).executeScript("const e = document.querySelector("
                    + "'tr[data-id=\"' + arguments[0] + '\"] .key-metrics'); return e ? e.textContent : '';", id);
            return cell.contains(label + ": ");
        });
    }

    /** {@code GET /api/drivers}, parsed. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> drivers() {
        try {
            String answer = raw2("GET /api/drivers HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n", "");
            return (List<Map<String, Object>>) JSON.std.mapFrom(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                    .get("drivers");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The device as the configuration file holds it. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> savedDevice(String id) throws IOException {
        List<Map<String, Object>> devices = (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(config))
                .get("devices");
        return devices.stream().filter(d -> id.equals(d.get("id"))).findFirst().orElseThrow();
    }

    /** One request over a plain socket (the JDK clients will not send a foreign Host header); the status code. */
    private int raw(String request) throws IOException {
        String head = request.contains("\r\n\r\n") ? request : request + "\r\n";
        String answer = exchange(head.replaceFirst("\r\n", "\r\nConnection: close\r\n"));
        if (!answer.matches("(?s)HTTP/1\\.1 \\d{3} .*")) {
            throw new IOException("no HTTP answer: " + answer);
        }
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** One request with {@code headers} (CRLF-terminated lines) and {@code body}; the whole answer. */
    private String raw2(String headers, String body) throws IOException {
        return exchange(headers + "Connection: close\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body);
    }

    private String exchange(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
    }

    private SimulatedProjector projector(String address, int port) throws IOException {
        return simulator.add(new SimulatedProjector.Spec().address(address).port(port).password(PJLINK_PASSWORD));
    }

    /** The text of a metric's value on the device page, or "" while it is not there. */
    private String metricText(String key) {
        List<WebElement> dd = browser.findElements(By.cssSelector("#metrics dd[data-metric='" + key + "']"));
        return dd.isEmpty() ? "" : dd.get(0).getText().replace('\u00a0', ' ');
    }

    /** The label shown next to a metric's value. */
    private String metricLabel(String key) {
        return (String) ((JavascriptExecutor) browser).executeScript("const e = document.querySelector("
                + "'#metrics dd[data-metric=\"' + arguments[0] + '\"]'); return e ? e.previousElementSibling.textContent : null;",
                key);
    }

    private long count(String css) {
        return (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll(arguments[0]).length", css);
    }

    /** Read in one script: the dashboard redraws whole rows on live updates, so an element handle can go stale. */
    private String statusOf(String id) {
        return (String) ((JavascriptExecutor) browser).executeScript("const e = document.querySelector("
                + "'tr[data-id=\"' + arguments[0] + '\"] .status-cell .status'); return e ? e.textContent : null;", id);
    }

    /** Clicks {@code by} once it is there; live updates redraw the page, so a stale handle is looked up again. */
    private void click(By by) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private static void type(WebElement form, String name, String value) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    /** The status of a GET, or -1 while nothing answers (the agent is starting). */
    private int status(String path) {
        try {
            return raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        } catch (IOException e) {
            return -1;
        }
    }
}
