package org.avmonitoring.agent.api.driver;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * The one rule that picks the driver serving a type when several services claim it, used alike by the collector,
 * validation and the UI: the highest {@code service.ranking}, then the newest bundle version, then the newest
 * registration (highest {@code service.id}). So a newer driver jar dropped beside an older one takes over, and an
 * integrator can pin a driver with a ranking.
 *
 * @since 1.3
 */
public final class DriverSelection {
    private DriverSelection() {
    }

    /**
     * What the rule compares for one driver service; ordered from least to most preferred.
     *
     * @param ranking       the service's {@code service.ranking} (0 when absent or not an Integer)
     * @param bundleVersion the registering bundle's version ({@link Version#emptyVersion} when unknown)
     * @param serviceId     the service's {@code service.id}
     */
    public record Rank(int ranking, Version bundleVersion, long serviceId) implements Comparable<Rank> {
        private static final Comparator<Rank> ORDER = Comparator.comparingInt(Rank::ranking)
                .thenComparing(Rank::bundleVersion).thenComparingLong(Rank::serviceId);

        public Rank {
            Objects.requireNonNull(bundleVersion, "bundleVersion");
        }

        /** The rank of a registered service. */
        public static Rank of(ServiceReference<?> ref) {
            Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
            Object id = ref.getProperty(Constants.SERVICE_ID);
            Bundle bundle = ref.getBundle();
            return new Rank(ranking instanceof Integer r ? r : 0,
                    bundle == null ? Version.emptyVersion : bundle.getVersion(),
                    id instanceof Long l ? l : 0L);
        }

        @Override
        public int compareTo(Rank other) {
            return ORDER.compare(this, other);
        }
    }

    /** Orders driver services from least to most preferred. */
    public static final Comparator<ServiceReference<?>> PREFERENCE = Comparator.comparing(Rank::of);

    /** The preferred service among {@code candidates} (all of one type), empty when there is none. */
    public static <S> Optional<ServiceReference<S>> best(Collection<? extends ServiceReference<S>> candidates) {
        return candidates.stream().<ServiceReference<S>>map(r -> r).max(PREFERENCE);
    }

    /** The device type a driver service serves, or null when it has no {@link DeviceDriver#TYPE} property. */
    public static String type(ServiceReference<?> ref) {
        Object type = ref.getProperty(DeviceDriver.TYPE);
        return type == null ? null : type.toString();
    }
}
