package kithara.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/** The launcher's bundle set boots in Felix: everything resolves, every kithara bundle is ACTIVE (fragments RESOLVED). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundleSetIT {

    private static final List<String> KITHARA_BUNDLES = List.of("kithara.api", "kithara.stream",
            "kithara.protocol.file", "kithara.protocol.hls", "kithara.decoder.ffmpeg", "kithara.decoder.hw",
            "kithara.audio", "kithara.launcher");

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options();
    }

    private Map<String, Bundle> bundles() {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName() != null)
                .collect(Collectors.toMap(Bundle::getSymbolicName, Function.identity(), (a, b) -> a));
    }

    @Test
    public void everyBundleOfTheLauncherIsInstalledAndStarted() {
        Map<String, Bundle> installed = bundles();
        for (String name : LauncherBundleSet.symbolicNames()) {
            Bundle b = installed.get(name);
            assertNotNull(name + " is installed", b);
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                assertEquals(name + " is ACTIVE", Bundle.ACTIVE, b.getState());
            } else {
                assertEquals(name + " is RESOLVED (attached to its host)", Bundle.RESOLVED, b.getState());
            }
        }
    }

    @Test
    public void everyKitharaBundleIsInTheSetAndActive() {
        assertTrue(LauncherBundleSet.symbolicNames().containsAll(KITHARA_BUNDLES));
        Map<String, Bundle> installed = bundles();
        for (String name : KITHARA_BUNDLES) {
            assertEquals(name, Bundle.ACTIVE, installed.get(name).getState());
        }
    }

    @Test
    public void theFrameworkServicesOfTheSetAreRegistered() {
        for (String service : List.of("org.osgi.service.cm.ConfigurationAdmin", "org.osgi.service.event.EventAdmin",
                "org.osgi.service.component.runtime.ServiceComponentRuntime")) {
            assertNotNull(service, context.getServiceReference(service));
        }
    }
}
