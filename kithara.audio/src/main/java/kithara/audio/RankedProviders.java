package kithara.audio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

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
        synchronized (this) {
            notifyAll();
        }
    }

    /** Whether the service with this {@code service.id} is bound. */
    boolean isBound(long serviceId) {
        return services.stream().anyMatch(r -> r.serviceId() == serviceId);
    }

    /** Waits up to {@code timeoutNanos} until the service with this {@code service.id} is bound; returns whether it is. */
    synchronized boolean awaitBound(long serviceId, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        for (long left = timeoutNanos; !isBound(serviceId) && left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return isBound(serviceId);
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
