package kithara.launcher;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The command line's {@code --set PID.key=value}: configuration for this run only (the launcher's framework storage is
 * fresh at every start), given to Configuration Admin before the command runs; the command starts once Declarative
 * Services shows every component of the PID configured with the new values. A PID no component reads is refused.
 */
final class RunConfiguration {

    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Duration RECHECK = Duration.ofMillis(250);

    private RunConfiguration() {
    }

    /** One setting: a key of the configuration with this PID. */
    private record Setting(String pid, String key, String value) {
    }

    /**
     * Applies the settings and waits until they are in force.
     *
     * @throws IllegalArgumentException for a PID no component reads (the known ones are named)
     * @throws IOException              when Configuration Admin or DS is missing, or the settings take no effect in time
     */
    static void apply(BundleContext context, Map<String, String> settings) throws IOException, InterruptedException {
        if (settings.isEmpty()) {
            return;
        }
        ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> scrTracker = new ServiceTracker<>(context,
                ServiceComponentRuntime.class, null);
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cmTracker = new ServiceTracker<>(context,
                ConfigurationAdmin.class, null);
        scrTracker.open();
        cmTracker.open();
        try {
            ServiceComponentRuntime scr = scrTracker.waitForService(SETTLE.toMillis());
            ConfigurationAdmin cm = cmTracker.waitForService(SETTLE.toMillis());
            if (scr == null || cm == null) {
                throw new IOException("--set needs Declarative Services and Configuration Admin, and one is not running");
            }
            TreeSet<String> known = knownPids(scr);
            Map<String, Map<String, String>> byPid = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : settings.entrySet()) {
                Setting s = resolve(e.getKey(), e.getValue(), known);
                byPid.computeIfAbsent(s.pid(), p -> new LinkedHashMap<>()).put(s.key(), s.value());
            }
            ServiceChanges changes = new ServiceChanges();
            context.addServiceListener(changes); // before the updates: none of their effects is missed
            try {
                Set<String> reconfigured = servicesOf(scr, byPid.keySet());
                Map<String, Map<String, Integer>> bound = bound(context, scr, reconfigured);
                update(cm, byPid);
                awaitInForce(context, scr, byPid, reconfigured, bound, changes);
            } finally {
                context.removeServiceListener(changes);
            }
        } finally {
            cmTracker.close();
            scrTracker.close();
        }
    }

    private static void update(ConfigurationAdmin cm, Map<String, Map<String, String>> byPid) throws IOException {
        for (Map.Entry<String, Map<String, String>> e : byPid.entrySet()) {
            Configuration c = cm.getConfiguration(e.getKey(), "?");
            Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
            e.getValue().forEach(props::put);
            c.update(props);
        }
    }

    /**
     * Wakes the waiter at every service event: DS re-registers the services of a component it reconfigures, and every
     * component of our PIDs registers one, so each step of a reconfiguration is an event.
     */
    private static final class ServiceChanges implements ServiceListener {
        private long seen;

        @Override
        public synchronized void serviceChanged(ServiceEvent event) {
            seen++;
            notifyAll();
        }

        /** Waits for an event after {@code since} or the deadline; returns the events seen so far. */
        synchronized long await(long since, long deadlineNanos) throws InterruptedException {
            long left;
            while (seen == since && (left = deadlineNanos - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return seen;
        }

        synchronized long seen() {
            return seen;
        }
    }

    /** The PIDs meant to be set: ours, not the component names DS uses as PIDs by default. */
    private static TreeSet<String> knownPids(ServiceComponentRuntime scr) {
        TreeSet<String> known = new TreeSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (String pid : d.configurationPid) {
                if (pid.startsWith("kithara.") && !Character.isUpperCase(pid.charAt(pid.lastIndexOf('.') + 1))) {
                    known.add(pid);
                }
            }
        }
        return known;
    }

    /** Splits {@code PID.key} at the longest known PID (keys may hold dots too: {@code abr.bandwidthCap}). */
    private static Setting resolve(String name, String value, TreeSet<String> known) {
        String pid = known.descendingSet().stream().filter(p -> name.startsWith(p + ".") && name.length() > p.length() + 1)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("--set " + name + ": no component reads"
                        + " configuration " + (name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name)
                        + " (known PIDs: " + String.join(", ", known) + "; give PID.key=value)"));
        return new Setting(pid, name.substring(pid.length() + 1), value);
    }

    /**
     * Waits until every configuration of every component reading a PID carries the values set for it and, for a
     * component that provides a service, has it registered again with them (DS shows the new configuration before it
     * registers the service: a command that looked the service up then found none), and until every component that
     * was up before the update is up again, bound to as many of the reconfigured services as before: those bound to
     * one (the stream types to the asset store) go away, may come back without it, and cycle again once it is back.
     */
    private static void awaitInForce(BundleContext context, ServiceComponentRuntime scr,
                                     Map<String, Map<String, String>> byPid, Set<String> reconfigured,
                                     Map<String, Map<String, Integer>> boundBefore, ServiceChanges changes)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long seen = changes.seen();
        while (!inForce(context, scr, byPid) || !boundAgain(bound(context, scr, reconfigured), boundBefore)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("--set " + byPid + " took no effect within " + SETTLE.toSeconds() + " s");
            }
            // the next service event, or a recheck within RECHECK should DS settle without one
            seen = changes.await(seen, Math.min(deadline, System.nanoTime() + RECHECK.toNanos()));
        }
    }

    /** Whether every component of {@code before} is up now, each reference bound to at least as many services. */
    private static boolean boundAgain(Map<String, Map<String, Integer>> now, Map<String, Map<String, Integer>> before) {
        return before.entrySet().stream().allMatch(component -> now.containsKey(component.getKey())
                && component.getValue().entrySet().stream().allMatch(reference ->
                now.get(component.getKey()).getOrDefault(reference.getKey(), 0) >= reference.getValue()));
    }

    /** Whether the service of the component configuration with this id is registered. */
    private static boolean registered(BundleContext context, long componentId) throws IOException {
        return registeredWith(context, componentId, Map.of());
    }

    /**
     * Whether the service of the component configuration with this id is registered with these properties. DS
     * publishes a configuration in the component's DTO before it replaces the service registered with the old one:
     * only the registration's own properties show that the new one is in place.
     */
    private static boolean registeredWith(BundleContext context, long componentId, Map<String, String> wanted)
            throws IOException {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                    "(" + ComponentConstants.COMPONENT_ID + "=" + componentId + ")");
            return refs != null && Arrays.stream(refs).allMatch(ref -> wanted.entrySet().stream().allMatch(w ->
                    Objects.equals(String.valueOf(ref.getProperty(w.getKey())), w.getValue())));
        } catch (InvalidSyntaxException e) {
            throw new IOException("cannot look up component " + componentId, e);
        }
    }

    /** The service interfaces of the components that read these PIDs. */
    private static Set<String> servicesOf(ServiceComponentRuntime scr, Set<String> pids) {
        Set<String> interfaces = new HashSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (Arrays.stream(d.configurationPid).anyMatch(pids::contains)) {
                interfaces.addAll(Arrays.asList(d.serviceInterfaces));
            }
        }
        return interfaces;
    }

    /**
     * The components with a configuration that is satisfied or active and, if it provides a service, registered: for
     * each, how many services it has bound to each of its references to one of {@code interfaces}.
     */
    private static Map<String, Map<String, Integer>> bound(BundleContext context, ServiceComponentRuntime scr,
                                                           Set<String> interfaces) throws IOException {
        Map<String, Map<String, Integer>> components = new HashMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            Set<String> watched = Arrays.stream(d.references).filter(r -> interfaces.contains(r.interfaceName))
                    .map(r -> r.name).collect(Collectors.toSet());
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                boolean up = c.state == ComponentConfigurationDTO.SATISFIED || c.state == ComponentConfigurationDTO.ACTIVE;
                if (up && (d.serviceInterfaces.length == 0 || registered(context, c.id))) {
                    Map<String, Integer> references = components.computeIfAbsent(d.name, n -> new HashMap<>());
                    for (SatisfiedReferenceDTO r : c.satisfiedReferences) {
                        if (watched.contains(r.name)) {
                            references.merge(r.name, r.boundServices.length, Math::max);
                        }
                    }
                }
            }
        }
        return components;
    }

    private static boolean inForce(BundleContext context, ServiceComponentRuntime scr,
                                   Map<String, Map<String, String>> byPid) throws IOException {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (String pid : d.configurationPid) {
                Map<String, String> wanted = byPid.get(pid);
                if (wanted == null) {
                    continue;
                }
                var configurations = scr.getComponentConfigurationDTOs(d);
                if (configurations.isEmpty()) {
                    return false; // between a deactivation and the next activation
                }
                for (ComponentConfigurationDTO c : configurations) {
                    boolean configured = wanted.entrySet().stream().allMatch(w ->
                            Objects.equals(String.valueOf(c.properties.get(w.getKey())), w.getValue()));
                    if (!configured || c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                            || (d.serviceInterfaces.length > 0 && !registeredWith(context, c.id, wanted))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
