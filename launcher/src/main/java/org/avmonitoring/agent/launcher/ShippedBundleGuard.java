package org.avmonitoring.agent.launcher;

import java.nio.file.Path;
import java.util.Collection;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.hooks.bundle.CollisionHook;
import org.osgi.framework.hooks.bundle.FindHook;

/**
 * Keeps hot deploy away from the bundles the installation ships. FileInstall, given a jar with the symbolic name and
 * version of an installed bundle, updates that bundle and adopts it as its own: deleting the jar from deploy/ then
 * uninstalled the shipped bundle. Hidden from FileInstall, a shipped bundle cannot be adopted; the framework
 * ({@code bsnversion=managed}) refuses the copy, and this guard says why in one line.
 */
final class ShippedBundleGuard implements FindHook, CollisionHook {
    static final String FILEINSTALL = "org.apache.felix.fileinstall";
    private final String shippedPrefix;
    private final Logger log;

    private ShippedBundleGuard(String shippedPrefix, Logger log) {
        this.shippedPrefix = shippedPrefix;
        this.log = log;
    }

    /** Guards the bundles installed from {@code bundlesDir} (the installation's bundles/), before any is installed. */
    static void register(BundleContext systemContext, Path bundlesDir, Logger log) {
        systemContext.registerService(new String[] {FindHook.class.getName(), CollisionHook.class.getName()},
                new ShippedBundleGuard(bundlesDir.toUri().toString(), log), null);
    }

    private boolean isShipped(Bundle b) {
        return b.getLocation().startsWith(shippedPrefix);
    }

    @Override
    public void find(BundleContext context, Collection<Bundle> bundles) {
        if (FILEINSTALL.equals(context.getBundle().getSymbolicName())) {
            bundles.removeIf(this::isShipped);
        }
    }

    @Override
    public void filterCollisions(int operationType, Bundle target, Collection<Bundle> collisionCandidates) {
        for (Bundle shipped : collisionCandidates) {
            if (isShipped(shipped)) {
                log.warn("refused a hot-deployed copy of " + shipped.getSymbolicName() + " " + shipped.getVersion()
                        + ": the installation ships that bundle (" + shipped.getLocation() + "); to replace it, deploy"
                        + " a jar with a higher Bundle-Version");
            }
        }
    }
}
