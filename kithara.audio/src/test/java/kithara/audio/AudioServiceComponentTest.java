package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import kithara.api.audio.ResourceRequest;
import kithara.api.source.Source;
import kithara.api.source.StreamRequest;
import kithara.api.source.StreamType;

/** How the audio service finds the protocol for an open while protocols come and go. */
class AudioServiceComponentTest {

    private static final ResourceRequest SONG = ResourceRequest.of(URI.create("https://cdn.test/song.mp3"));

    private final AudioServiceComponent service = new AudioServiceComponent();

    @AfterEach
    void stop() {
        service.deactivate();
    }

    /** A protocol named {@code name} that takes every URI or none, and fails every open with {@code message}. */
    private static StreamType protocol(String name, boolean acceptsAll, String message) {
        return new StreamType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean accepts(StreamRequest request) {
                return acceptsAll;
            }

            @Override
            public Source open(StreamRequest request) throws IOException {
                throw new IOException(message);
            }
        };
    }

    /** A framework whose registry shows one StreamType service (id 7); {@code onLookUp} runs at every look-up. */
    private static BundleContext registryShowingProtocol7(Runnable onLookUp) {
        ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) ->
                        method.getName().equals("getProperty") && Constants.SERVICE_ID.equals(args[0]) ? 7L : null);
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getServiceReferences")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    onLookUp.run();
                    return List.of(ref);
                });
    }

    /**
     * DS binds a restarted protocol a moment after the framework shows it registered (a configuration change): an open
     * in between waits for the binding instead of failing with "no stream type".
     */
    @Test
    void anOpenWaitsForAProtocolRegisteredButNotYetBound() {
        service.activate(registryShowingProtocol7(() -> new Thread(() -> service.addStreamType(
                protocol("late", true, "opened by the protocol bound late"), Map.of(Constants.SERVICE_ID, 7L,
                        StreamType.PROTOCOL, "late"))).start()));
        IOException e = assertThrows(IOException.class, () -> service.open(SONG));
        assertTrue(String.valueOf(e.getMessage()).contains("opened by the protocol bound late")
                || String.valueOf(e.getCause()).contains("opened by the protocol bound late"), e.toString());
    }

    @Test
    void withoutAnyProtocolPendingAnOpenFailsAtOnceNamingTheInstalledOnes() {
        service.addStreamType(protocol("other", false, "never chosen"),
                Map.of(Constants.SERVICE_ID, 7L, StreamType.PROTOCOL, "other"));
        service.activate(registryShowingProtocol7(() -> { }));
        IOException e = assertThrows(IOException.class, () -> service.open(SONG));
        assertTrue(String.valueOf(e.getCause()).contains("no stream type for this URI (protocols installed: [other])"),
                e.toString());
    }
}
