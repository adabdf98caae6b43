package org.avmonitoring.agent.itests.rawdriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Packages the greeter driver as a bundle jar from the test classes, for a running agent's {@code deploy/}. */
public final class GreeterBundle {
    private GreeterBundle() {
    }

    public static void write(Path jar) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.avmonitoring.itest.greeter");
        a.putValue("Bundle-Version", "0.1.0");
        a.putValue("Bundle-Activator", GreeterActivator.class.getName());
        a.putValue("Import-Package", "org.avmonitoring.agent.api;version=\"[1.2,2)\","
                + "org.avmonitoring.agent.api.driver;version=\"[1.2,2)\",org.osgi.framework");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, mf)) {
            for (Class<?> c : List.of(GreeterDriver.class, GreeterActivator.class)) {
                String entry = c.getName().replace('.', '/') + ".class";
                jos.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jos);
                }
                jos.closeEntry();
            }
        }
    }
}
