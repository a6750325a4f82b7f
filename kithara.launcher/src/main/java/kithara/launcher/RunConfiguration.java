package kithara.launcher;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The command line's {@code --set PID.key=value}: configuration for this run only (the launcher's framework storage is
 * fresh at every start), given to Configuration Admin before the command runs; the command starts once Declarative
 * Services shows every component of the PID configured with the new values. A PID no component reads is refused.
 */
final class RunConfiguration {

    private static final Duration SETTLE = Duration.ofSeconds(15);

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
            for (Map.Entry<String, Map<String, String>> e : byPid.entrySet()) {
                Configuration c = cm.getConfiguration(e.getKey(), "?");
                Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
                e.getValue().forEach(props::put);
                c.update(props);
            }
            awaitInForce(scr, byPid);
        } finally {
            cmTracker.close();
            scrTracker.close();
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

    /** Waits until every configuration of every component reading a PID carries the values set for it. */
    private static void awaitInForce(ServiceComponentRuntime scr, Map<String, Map<String, String>> byPid)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!inForce(scr, byPid)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("--set " + byPid + " took no effect within " + SETTLE.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    private static boolean inForce(ServiceComponentRuntime scr, Map<String, Map<String, String>> byPid) {
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
                    if (!configured || c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
