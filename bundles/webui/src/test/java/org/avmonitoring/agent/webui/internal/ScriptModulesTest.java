package org.avmonitoring.agent.webui.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The UI is plain ES modules loaded by the browser: every module app.js imports, at any depth, must be served. */
class ScriptModulesTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s[^;]*?from\\s+'\\./([^']+)';", Pattern.MULTILINE);

    private final StaticAssets assets = new StaticAssets(ScriptModulesTest.class.getClassLoader());

    @Test
    void everyImportedModuleIsServedAndNoDriverIsNamed() {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add("app.js");
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!seen.add(name)) {
                continue;
            }
            Optional<StaticAssets.Asset> asset = assets.get("/" + name);
            assertTrue(asset.isPresent(), name + " is imported but not served");
            String source = new String(asset.get().bytes(), StandardCharsets.UTF_8);
            // the UI names no driver: types, forms and labels come from GET /api/drivers
            for (String type : new String[] {"'pjlink'", "'snmp'", "'ping'", "KNOWN_TYPES"}) {
                assertFalse(source.contains(type), name + " names " + type);
            }
            Matcher m = IMPORT.matcher(source);
            while (m.find()) {
                todo.add(m.group(1));
            }
        }
        assertTrue(seen.size() >= 10, "one module per view: " + seen);
    }
}
