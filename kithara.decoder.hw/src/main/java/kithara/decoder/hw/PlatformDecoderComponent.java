package kithara.decoder.hw;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderInput;
import kithara.api.decode.DecoderProvider;
import kithara.api.media.AudioCodec;
import kithara.api.media.MediaInfo;
import kithara.decoder.hw.gstreamer.GstBackend;

/**
 * Registers the platform's decoder as a {@link DecoderProvider} when its backend initializes on this machine, ranked
 * above FFmpeg when its decoders run on dedicated hardware and below it when they are software ones (GStreamer's on
 * Linux, FFmpeg's own code among them); otherwise the bundle stays active without a service and logs why. Configuration (PID {@code kithara.decoder.hw}) can disable it or change its ranking.
 */
@Component(immediate = true, configurationPid = "kithara.decoder.hw")
@Designate(ocd = PlatformDecoderConfig.class)
public final class PlatformDecoderComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformDecoderComponent.class);

    private final ServiceRegistration<DecoderProvider> registration;

    /** Detects the backend and registers the provider when there is one and it is enabled. */
    @Activate
    public PlatformDecoderComponent(BundleContext context, PlatformDecoderConfig config) {
        StringBuilder why = new StringBuilder();
        Optional<Backend> backend = config.enabled() ? detect(why) : Optional.empty();
        if (!config.enabled()) {
            why.append("disabled by configuration (kithara.decoder.hw enabled=false)");
        }
        if (backend.isEmpty()) {
            LOG.info("no platform decoder on {} {}: {}", System.getProperty("os.name"), System.getProperty("os.arch"), why);
            registration = null;
            return;
        }
        Backend b = backend.get();
        Ranking ranking = Ranking.of(config.ranking(), b);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(DecoderProvider.NAME, b.name());
        props.put(DecoderProvider.HARDWARE, b.hardware());
        props.put(DecoderProvider.CODECS, b.codecs().stream().map(AudioCodec::name).sorted().toArray(String[]::new));
        props.put(DecoderProvider.LIBRARY, b.library());
        props.put(Constants.SERVICE_RANKING, ranking.value());
        props.put(DecoderProvider.RANKING_REASON, ranking.reason());
        registration = context.registerService(DecoderProvider.class, new Provider(b), props);
        LOG.info("platform decoder {} ({}) registered for {}, ranking {}: {}", b.name(), b.library(), b.codecs(),
                ranking.value(), ranking.reason());
    }

    /** The provider's service.ranking and why: configured, or chosen by where its decoders run. */
    record Ranking(int value, String reason) {
        static final int HARDWARE = 10;
        static final int SOFTWARE = -10;

        static Ranking of(String configured, Backend backend) {
            String decoders = String.join(", ", backend.decoders());
            if (configured != null && !configured.isBlank()) {
                try {
                    return new Ranking(Integer.parseInt(configured.trim()), "configured (kithara.decoder.hw ranking)");
                } catch (NumberFormatException e) {
                    LOG.warn("kithara.decoder.hw ranking '{}' is not a whole number: chosen as if unset", configured);
                }
            }
            return backend.hardware()
                    ? new Ranking(HARDWARE, "hardware decoders (" + decoders + "): above FFmpeg")
                    : new Ranking(SOFTWARE, "software decoders (" + decoders + "): below FFmpeg, which decodes the"
                    + " same codecs faster; used for what FFmpeg lacks and when it goes away");
        }
    }

    /** The backend of this platform, if its library works here. */
    private static Optional<Backend> detect(StringBuilder why) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return GstBackend.load(why);
        }
        why.append("no backend for ").append(System.getProperty("os.name")).append(" (GStreamer is the Linux one)");
        return Optional.empty();
    }

    /** Unregisters the provider; decoders already open keep working until their owners close them. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }

    /** The provider over a backend. */
    private record Provider(Backend backend) implements DecoderProvider {

        @Override
        public String name() {
            return backend.name();
        }

        @Override
        public boolean supports(MediaInfo info) {
            return backend.supports(info);
        }

        @Override
        public Decoder open(DecoderInput input, MediaInfo hint) throws IOException {
            return backend.open(input, hint);
        }
    }
}
