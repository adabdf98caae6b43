package org.avmonitoring.agent.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Web Console (and optional UI) credentials of this installation, read from {@code credentials.properties}
 * (written by install.sh, mode 640). Without the file the console gets a random password nobody knows: it refuses
 * every request rather than falling back to admin/admin.
 */
final class Credentials {
    static final String CONSOLE_USER = "webconsole.username";
    static final String CONSOLE_PASSWORD = "webconsole.password";
    static final String UI_PASSWORD = "ui.password";

    private Credentials() {
    }

    /** Framework properties for the console and the UI; {@code warnings} receives what the operator must know. */
    static Map<String, String> frameworkProperties(Path file, java.util.List<String> warnings) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            warnings.add(file + " not found: the Web Console refuses every request (install.sh creates it)");
            out.put("felix.webconsole.username", "admin");
            out.put("felix.webconsole.password", sha256(randomSecret()));
            return out;
        }
        String user = p.getProperty(CONSOLE_USER, "").trim();
        String password = p.getProperty(CONSOLE_PASSWORD, "").trim();
        if (user.isEmpty() || password.isEmpty()) {
            warnings.add(file + ": " + CONSOLE_USER + " or " + CONSOLE_PASSWORD
                    + " is empty: the Web Console refuses every request");
            user = "admin";
            password = sha256(randomSecret());
        } else if (!password.startsWith("{sha-256}")) {
            password = sha256(password);
        }
        out.put("felix.webconsole.username", user);
        out.put("felix.webconsole.password", password);
        String ui = p.getProperty(UI_PASSWORD, "").trim();
        if (!ui.isEmpty()) {
            out.put("avmonitoring.ui.password", ui.startsWith("{sha-256}") ? ui : sha256(ui));
        }
        return out;
    }

    /** The Web Console's hashed form: {@code {sha-256}} followed by the Base64 of the SHA-256 of the UTF-8 bytes. */
    static String sha256(String plain) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
