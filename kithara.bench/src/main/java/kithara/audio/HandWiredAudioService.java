package kithara.audio;

import java.util.Map;

import kithara.api.audio.AudioService;
import kithara.api.decode.DecoderProvider;
import kithara.api.dsp.Resampler;
import kithara.api.source.StreamType;

/**
 * The audio service wired by hand, outside OSGi, for benchmarks that time the pipeline alone: one stream type, one
 * decoder provider and one resampler, bound as Declarative Services would bind them.
 */
public final class HandWiredAudioService {

    /** The property DS gives every service ({@code org.osgi.framework.SERVICE_ID}). */
    private static final String SERVICE_ID = "service.id";

    private HandWiredAudioService() {
    }

    /** Returns a running service over these parts; {@link #stop} ends its decode threads. */
    public static AudioService of(StreamType streamType, String protocol, DecoderProvider decoder, String decoderName,
                                  Resampler resampler) {
        AudioServiceComponent service = new AudioServiceComponent();
        service.addStreamType(streamType, Map.of(StreamType.PROTOCOL, protocol, SERVICE_ID, 1L));
        service.addDecoder(decoder, Map.of(DecoderProvider.NAME, decoderName, SERVICE_ID, 2L));
        service.addResampler(resampler, Map.of(SERVICE_ID, 3L));
        return service;
    }

    /** Closes what is open and ends the decode threads. */
    public static void stop(AudioService service) {
        ((AudioServiceComponent) service).deactivate();
    }
}
