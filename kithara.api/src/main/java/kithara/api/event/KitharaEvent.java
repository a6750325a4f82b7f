package kithara.api.event;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;

/**
 * Everything Kithara reports about a resource, delivered to {@link KitharaListener}s and posted to
 * EventAdmin under {@link #topic()}. Immutable values.
 */
public sealed interface KitharaEvent {

    /** Returns the EventAdmin topic, one of {@link EventTopics#ALL}. */
    String topic();

    /** The decoder identified the media; {@code output} is what the reader gets. */
    record FormatDetected(MediaInfo media, PcmSpec decoded, PcmSpec output) implements KitharaEvent {
        /** Rejects nulls. */
        public FormatDetected {
            Objects.requireNonNull(media, "media");
            Objects.requireNonNull(decoded, "decoded");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public String topic() {
            return EventTopics.FORMAT_DETECTED;
        }
    }

    /** The decoded format changed mid-stream (e.g. an HLS switch to another codec); the output spec did not. */
    record FormatChanged(PcmSpec from, PcmSpec to, MediaInfo media) implements KitharaEvent {
        /** Rejects nulls. */
        public FormatChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(media, "media");
        }

        @Override
        public String topic() {
            return EventTopics.FORMAT_CHANGED;
        }
    }

    /** A seek finished; PCM from {@code position} follows. */
    record SeekComplete(Duration position, long epoch) implements KitharaEvent {
        /** Rejects a null or negative position. */
        public SeekComplete {
            requireNotNegative(position, "position");
        }

        @Override
        public String topic() {
            return EventTopics.SEEK_COMPLETE;
        }
    }

    /** The reader reached {@code position}; sent at most a few times per second. */
    record PlaybackProgress(Duration position, Optional<Duration> duration) implements KitharaEvent {
        /** Rejects nulls and a negative position. */
        public PlaybackProgress {
            requireNotNegative(position, "position");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String topic() {
            return EventTopics.PLAYBACK_PROGRESS;
        }
    }

    /** The last frame was read. */
    record EndOfStream(Duration position) implements KitharaEvent {
        /** Rejects a null or negative position. */
        public EndOfStream {
            requireNotNegative(position, "position");
        }

        @Override
        public String topic() {
            return EventTopics.END_OF_STREAM;
        }
    }

    /**
     * The reader has waited {@link #AFTER} for PCM that is not decoded yet, because its bytes have not arrived
     * ({@code waiting}: the stream fell behind playback), or it has PCM again after such a wait (not {@code waiting}).
     * Shorter waits, of a reader that simply caught up with the decoder, make no event.
     */
    record Buffering(boolean waiting, Duration position) implements KitharaEvent {
        /** How long a read waits before it counts as buffering. */
        public static final Duration AFTER = Duration.ofMillis(20);

        /** Rejects a null or negative position. */
        public Buffering {
            requireNotNegative(position, "position");
        }

        @Override
        public String topic() {
            return EventTopics.BUFFERING;
        }
    }

    /** {@code bytes} of {@code uri} are stored so far (of {@code total}, when known). */
    record DownloadProgress(URI uri, long bytes, OptionalLong total) implements KitharaEvent {
        /** Rejects nulls and negative counts. */
        public DownloadProgress {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(total, "total");
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes < 0: " + bytes);
            }
        }

        @Override
        public String topic() {
            return EventTopics.DOWNLOAD_PROGRESS;
        }
    }

    /**
     * The media of {@code uri} is downloaded up to {@code through} on the resource's timeline: what a segmented stream
     * (HLS) says of its download, whose length in bytes is not known ahead.
     */
    record MediaBuffered(URI uri, Duration through) implements KitharaEvent {
        /** Rejects nulls and a negative time. */
        public MediaBuffered {
            Objects.requireNonNull(uri, "uri");
            requireNotNegative(through, "through");
        }

        @Override
        public String topic() {
            return EventTopics.MEDIA_BUFFERED;
        }
    }

    /** Every byte of {@code uri} is stored. */
    record DownloadComplete(URI uri, long bytes) implements KitharaEvent {
        /** Rejects nulls and negative counts. */
        public DownloadComplete {
            Objects.requireNonNull(uri, "uri");
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes < 0: " + bytes);
            }
        }

        @Override
        public String topic() {
            return EventTopics.DOWNLOAD_COMPLETE;
        }
    }

    /** A fetch of {@code uri} failed; {@code willRetry} tells whether the downloader tries again. */
    record DownloadError(URI uri, String reason, String message, boolean willRetry) implements KitharaEvent {
        /** Rejects nulls. */
        public DownloadError {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String topic() {
            return EventTopics.DOWNLOAD_ERROR;
        }
    }

    /** The server of {@code uri} ignores Range requests: the download falls back to one sequential stream. */
    record RangesUnsupported(URI uri) implements KitharaEvent {
        /** Rejects a null URI. */
        public RangesUnsupported {
            Objects.requireNonNull(uri, "uri");
        }

        @Override
        public String topic() {
            return EventTopics.RANGES_UNSUPPORTED;
        }
    }

    /**
     * The resource now decodes with provider {@code to} from {@code position}: the first choice failed,
     * or the previous provider's service went away.
     */
    record DecoderChanged(Optional<String> from, String to, String reason, Duration position) implements KitharaEvent {
        /** Rejects nulls. */
        public DecoderChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
            requireNotNegative(position, "position");
        }

        @Override
        public String topic() {
            return EventTopics.DECODER_CHANGED;
        }
    }

    /** An HLS stream switched variant at the segment with media sequence {@code atSequence}. */
    record VariantSwitched(int from, int to, long bandwidth, long atSequence, String reason) implements KitharaEvent {
        /** Rejects a null reason. */
        public VariantSwitched {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String topic() {
            return EventTopics.VARIANT_SWITCHED;
        }
    }

    /**
     * An HLS master playlist was read: its variants in playlist order.
     *
     * @param variants one entry per variant: index, BANDWIDTH and CODECS
     */
    record VariantsDiscovered(List<Variant> variants) implements KitharaEvent {
        /** Copies the list. */
        public VariantsDiscovered {
            variants = List.copyOf(variants);
        }

        @Override
        public String topic() {
            return EventTopics.VARIANTS_DISCOVERED;
        }

        /**
         * One variant of a master playlist.
         *
         * @param index     its position in the master playlist
         * @param bandwidth BANDWIDTH, bits per second
         * @param codecs    the CODECS attribute, possibly empty
         */
        public record Variant(int index, long bandwidth, String codecs) {
            /** Rejects a null codecs string. */
            public Variant {
                Objects.requireNonNull(codecs, "codecs");
            }
        }
    }

    /**
     * A throughput measurement the HLS bitrate adaptation took into account.
     *
     * @param sampleBitsPerSecond   what this download achieved
     * @param estimateBitsPerSecond the estimate after it (the lower of the fast and slow averages)
     */
    record ThroughputSample(double sampleBitsPerSecond, double estimateBitsPerSecond) implements KitharaEvent {
        @Override
        public String topic() {
            return EventTopics.THROUGHPUT;
        }
    }

    /** A failure in {@code stage} ("source", "decoder", "resampler"...); {@code fatal} when the resource ends. */
    record PipelineError(String stage, String message, boolean fatal) implements KitharaEvent {
        /** Rejects nulls. */
        public PipelineError {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String topic() {
            return EventTopics.ERROR;
        }
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + d);
        }
    }
}
