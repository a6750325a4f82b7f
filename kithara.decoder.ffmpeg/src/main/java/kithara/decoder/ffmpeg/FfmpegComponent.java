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
 * Registers the {@code ffmpeg} {@link DecoderProvider} and the {@code swresample} {@link Resampler} when the bundle
 * starts, while FFmpeg's natives load in the background ({@link FfmpegLoad}): the services wait for the load on first
 * use. Once loaded, both carry the library's version in {@value DecoderProvider#LIBRARY}; when the load fails, both
 * are unregistered and the error is logged once. Registering by hand (not as DS services) is what lets the
 * registrations follow the load.
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
    private final Hashtable<String, Object> providerProps = new Hashtable<>();
    private final Hashtable<String, Object> resamplerProps = new Hashtable<>();
    private boolean registered = true;

    /** Starts loading the natives and registers the provider and the resampler over the load. */
    @Activate
    public FfmpegComponent(BundleContext context) {
        String javacpp = context.getBundle().getHeaders().get(JAVACPP_VERSION_HEADER);
        FfmpegLoad load = FfmpegLoad.inBackground(() -> FfmpegNatives.load(javacpp == null ? "unknown" : javacpp));
        providerProps.put(DecoderProvider.NAME, FfmpegDecoderProvider.NAME);
        providerProps.put(DecoderProvider.HARDWARE, Boolean.FALSE);
        providerProps.put(DecoderProvider.CODECS,
                FfmpegDecoderProvider.CODECS.stream().map(AudioCodec::name).toArray(String[]::new));
        providerProps.put(Constants.SERVICE_RANKING, RANKING);
        providerProps.put(DecoderProvider.RANKING_REASON, "the reference: every codec it has, decoded in software");
        registration = context.registerService(DecoderProvider.class, new FfmpegDecoderProvider(load), providerProps);
        resamplerProps.put(RESAMPLER_NAME, SwrResampler.NAME);
        resampler = context.registerService(Resampler.class, new SwrResampler(load), resamplerProps);
        load.whenDone(this::loaded);
    }

    /** Publishes the library's version, or withdraws both services when FFmpeg cannot load here. */
    private synchronized void loaded(String library, Throwable failure) {
        if (!registered) {
            return;
        }
        if (failure != null) {
            LOG.error("FFmpeg cannot be loaded on {} {}: the ffmpeg decoder and the swresample resampler are withdrawn",
                    System.getProperty("os.name"), System.getProperty("os.arch"), failure);
            unregister();
            return;
        }
        providerProps.put(DecoderProvider.LIBRARY, library);
        resamplerProps.put(DecoderProvider.LIBRARY, library);
        registration.setProperties(providerProps);
        resampler.setProperties(resamplerProps);
    }

    /** Unregisters the services. Decoders and sessions already open keep working until their owners close them. */
    @Deactivate
    synchronized void deactivate() {
        if (registered) {
            unregister();
        }
    }

    private void unregister() {
        registered = false;
        registration.unregister();
        resampler.unregister();
    }

    @Override
    public String toString() {
        return "FfmpegComponent" + List.of(registered ? "registered" : "not registered");
    }
}
