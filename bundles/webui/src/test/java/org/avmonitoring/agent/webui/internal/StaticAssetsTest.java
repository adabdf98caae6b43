package org.avmonitoring.agent.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class StaticAssetsTest {
    private final StaticAssets assets = new StaticAssets(StaticAssetsTest.class.getClassLoader());

    @Test
    void servesThePackagedPagesWithTheirTypes() {
        StaticAssets.Asset index = assets.get("/").orElseThrow();
        assertEquals("text/html; charset=utf-8", index.contentType());
        String html = new String(index.bytes(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<script type=\"module\" src=\"/app.js\""), "the dashboard loads its script from the bundle");
        assertFalse(html.contains("http://") || html.contains("https://"), "no CDN: the site may be offline");
        assertEquals("text/javascript; charset=utf-8", assets.get("/app.js").orElseThrow().contentType());
        assertEquals("text/css; charset=utf-8", assets.get("/style.css").orElseThrow().contentType());
        assertTrue(assets.get("/login.html").isPresent());
    }

    @Test
    void shipsAnSvgFaviconThatBothPagesLink() {
        StaticAssets.Asset icon = assets.get("/favicon.svg").orElseThrow();
        assertEquals("image/svg+xml", icon.contentType());
        assertTrue(new String(icon.bytes(), StandardCharsets.UTF_8).startsWith("<svg "), "an SVG document");
        for (String page : List.of("/index.html", "/login.html")) {
            String html = new String(assets.get(page).orElseThrow().bytes(), StandardCharsets.UTF_8);
            assertTrue(html.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"), page);
        }
    }

    @Test
    void servesNothingElse() {
        for (String path : List.of("/../META-INF/MANIFEST.MF", "/webui/app.js", "/%2e%2e/x.js", "/missing.html",
                "/org/avmonitoring/agent/webui/internal/ApiRouter.class", "/app.js/", "/APP.JS", "")) {
            assertTrue(assets.get(path).isEmpty(), path);
        }
    }

    @Test
    void remembersOnlyShippedAssets() {
        for (int i = 0; i < 1000; i++) {
            assertTrue(assets.get("/unique-name-" + i + ".html").isEmpty());
        }
        assertEquals(0, assets.cachedCount(), "a name that is not shipped leaves nothing behind");
        assets.get("/app.js");
        assets.get("/app.js");
        assertEquals(1, assets.cachedCount());
    }
}
