package org.avmonitoring.agent.webui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pages, scripts and styles packaged under {@code webui/} in the bundle; flat names only, nothing else served. */
final class StaticAssets {
    private static final Pattern NAME = Pattern.compile("/([a-z0-9-]+\\.(html|js|css|svg))");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    /** A packaged file and its content type. */
    record Asset(byte[] bytes, String contentType) {
    }

    private final ClassLoader loader;
    /** Shipped assets only (a name that is not one is looked up each time): bounded by what the bundle holds. */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    StaticAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** The asset for a request path ({@code /} is {@code index.html}); empty for anything not packaged. */
    Optional<Asset> get(String path) {
        Matcher m = NAME.matcher(path.equals("/") ? "/index.html" : path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Asset cached = cache.get(m.group(1));
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Asset> loaded = load(m.group(1), TYPES.get(m.group(2)));
        loaded.ifPresent(a -> cache.put(m.group(1), a));
        return loaded;
    }

    int cachedCount() {
        return cache.size();
    }

    private Optional<Asset> load(String name, String type) {
        try (InputStream in = loader.getResourceAsStream("webui/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new Asset(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("reading packaged asset webui/" + name, e);
        }
    }
}
