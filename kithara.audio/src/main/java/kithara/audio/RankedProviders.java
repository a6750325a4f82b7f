package kithara.audio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Services of one kind in ranking order (highest {@code service.ranking} first, then oldest), updated as DS
 * binds and unbinds them. Snapshots are immutable lists.
 *
 * @param <S> the service type
 */
final class RankedProviders<S> {

    /** A service with its ranking, name and registration order. */
    record Ranked<S>(S service, int ranking, long serviceId, String name) {
    }

    private final List<Ranked<S>> services = new CopyOnWriteArrayList<>();

    void add(S service, int ranking, long serviceId, String name) {
        services.add(new Ranked<>(service, ranking, serviceId, name));
    }

    void remove(S service) {
        services.removeIf(r -> r.service() == service);
    }

    /** Returns the services, best first. */
    List<Ranked<S>> ranked() {
        List<Ranked<S>> copy = new ArrayList<>(services);
        copy.sort(Comparator.comparingInt((Ranked<S> r) -> -r.ranking()).thenComparingLong(Ranked::serviceId));
        return List.copyOf(copy);
    }
}
