package kithara.api.decode;

import java.io.IOException;

import kithara.api.media.MediaInfo;

/**
 * A decoder implementation registered as an OSGi service. The audio pipeline picks the highest
 * {@code service.ranking} provider that {@link #supports} the media and falls back to the next one when
 * opening fails or the service goes away.
 *
 * <p>Service properties: {@value #NAME} (e.g. {@code ffmpeg}), {@value #HARDWARE} (Boolean),
 * {@value #CODECS} ({@link kithara.api.media.AudioCodec} names), {@value #LIBRARY} (e.g. {@code FFmpeg 8.0.1}),
 * {@code service.ranking} and {@value #RANKING_REASON}.
 */
public interface DecoderProvider {

    /** Service property: the provider's name. */
    String NAME = "kithara.decoder.name";
    /** Service property: whether the provider's decoders run on dedicated hardware. */
    String HARDWARE = "kithara.decoder.hardware";
    /** Service property: the codecs supported, as {@code AudioCodec} names. */
    String CODECS = "kithara.decoder.codecs";
    /**
     * Service property: the native library behind the provider and its version, for diagnostics. A provider whose
     * library loads in the background adds it (a service modification) once loaded.
     */
    String LIBRARY = "kithara.decoder.library";
    /** Service property: why the provider has its {@code service.ranking}, for diagnostics. */
    String RANKING_REASON = "kithara.decoder.ranking.reason";

    /** Returns the provider's name, equal to its {@value #NAME} service property. */
    String name();

    /**
     * Returns whether this provider can decode media described by {@code info}. Fields that are unknown
     * count as supported: the provider finds out in {@link #open}.
     */
    boolean supports(MediaInfo info);

    /**
     * Opens a decoder on {@code input}, which the decoder then owns (it closes it). Blocks while probing
     * reads the first bytes.
     *
     * @param hint what is known already; a known container lets the decoder skip probing
     * @throws DecoderException naming the input and codec when the media is unsupported or corrupt
     */
    Decoder open(DecoderInput input, MediaInfo hint) throws IOException;
}
