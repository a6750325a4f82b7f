package kithara.decoder.ffmpeg;

import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.decode.DecoderProvider;
import kithara.api.dsp.Resampler;
import kithara.api.media.AudioCodec;

/**
 * Loads FFmpeg when the bundle starts and, only if that works, registers the {@code ffmpeg}
 * {@link DecoderProvider} (with the library's version in {@value DecoderProvider#LIBRARY}) and the
 * {@code swresample} {@link Resampler}. Registering by hand (not as DS services) is what lets the
 * registrations depend on, and carry, what was learned at load time.
 */
@Component(immediate = true)
public final class FfmpegComponent {

    /** Manifest header carrying the embedded JavaCPP version. */
    static final String JAVACPP_VERSION_HEADER = "Kithara-JavaCPP-Version";
    /** The provider's ranking: below platform decoders, which rank higher when present. */
    static final int RANKING = 0;

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegComponent.class);

    /** Service property naming a resampler. */
    static final String RESAMPLER_NAME = "kithara.resampler.name";

    private final ServiceRegistration<DecoderProvider> registration;
    private final ServiceRegistration<Resampler> resampler;

    /** Loads the natives and registers the provider; when loading fails, logs why and registers nothing. */
    @Activate
    public FfmpegComponent(BundleContext context) {
        String javacpp = context.getBundle().getHeaders().get(JAVACPP_VERSION_HEADER);
        String library;
        try {
            library = FfmpegNatives.load(javacpp == null ? "unknown" : javacpp);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.error("FFmpeg cannot be loaded on {} {}: no ffmpeg decoder is registered", System.getProperty("os.name"),
                    System.getProperty("os.arch"), e);
            registration = null;
            resampler = null;
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(DecoderProvider.NAME, FfmpegDecoderProvider.NAME);
        props.put(DecoderProvider.HARDWARE, Boolean.FALSE);
        props.put(DecoderProvider.CODECS, FfmpegDecoderProvider.CODECS.stream().map(AudioCodec::name).toArray(String[]::new));
        props.put(DecoderProvider.LIBRARY, library);
        props.put(Constants.SERVICE_RANKING, RANKING);
        props.put(DecoderProvider.RANKING_REASON, "the reference: every codec it has, decoded in software");
        registration = context.registerService(DecoderProvider.class, new FfmpegDecoderProvider(), props);
        Hashtable<String, Object> resamplerProps = new Hashtable<>();
        resamplerProps.put(RESAMPLER_NAME, SwrResampler.NAME);
        resamplerProps.put(DecoderProvider.LIBRARY, library);
        resampler = context.registerService(Resampler.class, new SwrResampler(), resamplerProps);
    }

    /** Unregisters the services. Decoders and sessions already open keep working until their owners close them. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            resampler.unregister();
        }
    }

    @Override
    public String toString() {
        return "FfmpegComponent" + List.of(registration == null ? "not registered" : "registered");
    }
}
