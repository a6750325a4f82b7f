package kithara.api.event;

import java.util.List;

/**
 * EventAdmin topics and property keys. Every {@link KitharaEvent} is also posted to EventAdmin under
 * its {@link KitharaEvent#topic()} with plain properties only: the resource's URI under {@value #RESOURCE}, the
 * event's type under {@value #TYPE}, and each field of the event record under its name (strings, numbers and
 * booleans as they are; enums and URIs as strings; a duration in milliseconds under the field's name plus
 * {@code Ms}, e.g. {@code positionMs}; an absent optional left out; a nested record flattened as {@code output.sampleRate};
 * a list as an array of strings). The typed event goes to {@link KitharaListener}s. Subscribe to {@code kithara/*}
 * for all of them.
 */
public final class EventTopics {

    /** Prefix of every topic. */
    public static final String PREFIX = "kithara/";
    /** {@link KitharaEvent.FormatDetected}. */
    public static final String FORMAT_DETECTED = PREFIX + "format/detected";
    /** {@link KitharaEvent.FormatChanged}. */
    public static final String FORMAT_CHANGED = PREFIX + "format/changed";
    /** {@link KitharaEvent.SeekComplete}. */
    public static final String SEEK_COMPLETE = PREFIX + "playback/seek";
    /** {@link KitharaEvent.PlaybackProgress}. */
    public static final String PLAYBACK_PROGRESS = PREFIX + "playback/progress";
    /** {@link KitharaEvent.EndOfStream}. */
    public static final String END_OF_STREAM = PREFIX + "playback/end";
    /** {@link KitharaEvent.Buffering}. */
    public static final String BUFFERING = PREFIX + "playback/buffering";
    /** {@link KitharaEvent.DownloadProgress}. */
    public static final String DOWNLOAD_PROGRESS = PREFIX + "download/progress";
    /** {@link KitharaEvent.DownloadComplete}. */
    public static final String DOWNLOAD_COMPLETE = PREFIX + "download/complete";
    /** {@link KitharaEvent.MediaBuffered}. */
    public static final String MEDIA_BUFFERED = PREFIX + "download/buffered";
    /** {@link KitharaEvent.DownloadError}. */
    public static final String DOWNLOAD_ERROR = PREFIX + "download/error";
    /** {@link KitharaEvent.RangesUnsupported}. */
    public static final String RANGES_UNSUPPORTED = PREFIX + "download/noranges";
    /** {@link KitharaEvent.DecoderChanged}. */
    public static final String DECODER_CHANGED = PREFIX + "decoder/changed";
    /** {@link KitharaEvent.VariantSwitched}. */
    public static final String VARIANT_SWITCHED = PREFIX + "hls/variant";
    /** {@link KitharaEvent.VariantsDiscovered}. */
    public static final String VARIANTS_DISCOVERED = PREFIX + "hls/variants";
    /** {@link KitharaEvent.ThroughputSample}. */
    public static final String THROUGHPUT = PREFIX + "hls/throughput";
    /** {@link KitharaEvent.PipelineError}. */
    public static final String ERROR = PREFIX + "error";

    /** Event property holding the simple name of the event's type, e.g. {@code FormatDetected}. */
    public static final String TYPE = "kithara.type";
    /** Event property holding the URI of the resource the event is about, as a string. */
    public static final String RESOURCE = "kithara.resource";

    /** Every topic above. */
    public static final List<String> ALL = List.of(FORMAT_DETECTED, FORMAT_CHANGED, SEEK_COMPLETE, PLAYBACK_PROGRESS,
            END_OF_STREAM, BUFFERING, DOWNLOAD_PROGRESS, MEDIA_BUFFERED, DOWNLOAD_COMPLETE, DOWNLOAD_ERROR, RANGES_UNSUPPORTED, DECODER_CHANGED,
            VARIANT_SWITCHED, VARIANTS_DISCOVERED, THROUGHPUT, ERROR);

    private EventTopics() {
    }
}
