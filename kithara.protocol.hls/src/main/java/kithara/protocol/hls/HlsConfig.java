package kithara.protocol.hls;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the HLS protocol (PID {@code kithara.protocol.hls}): fetching and bitrate adaptation. */
@ObjectClassDefinition(name = "Kithara HLS", description = "Segment fetching and adaptive bitrate of the HLS protocol")
@interface HlsConfig {

    @AttributeDefinition(description = "Variant to play always (index in the master playlist); -1 adapts the bitrate")
    int abr_fixedVariant() default -1;

    @AttributeDefinition(description = "Never choose a variant whose BANDWIDTH exceeds this (bits/s); 0 means no cap")
    long abr_bandwidthCap() default 0;

    @AttributeDefinition(description = "Share of the estimated throughput a variant may use")
    double abr_safetyFactor() default 0.8;

    @AttributeDefinition(description = "Extra headroom an up-switch needs above the next variant's BANDWIDTH")
    double abr_hysteresis() default 0.15;

    @AttributeDefinition(description = "Seconds of buffered audio an up-switch needs")
    double abr_upSwitchBufferSeconds() default 5;

    @AttributeDefinition(description = "Below this many seconds of buffered audio, a down-switch is urgent")
    double abr_urgentBufferSeconds() default 2;

    @AttributeDefinition(description = "Seconds between two switches (urgent down-switches are exempt)")
    double abr_minSwitchIntervalSeconds() default 4;

    @AttributeDefinition(description = "Half-life in seconds of the fast throughput average")
    double abr_fastHalfLifeSeconds() default 2;

    @AttributeDefinition(description = "Half-life in seconds of the slow throughput average")
    double abr_slowHalfLifeSeconds() default 5;

    @AttributeDefinition(description = "Downloads smaller than this many bytes are not throughput samples")
    long abr_minSampleBytes() default 16 * 1024;

    @AttributeDefinition(description = "Segments fetched ahead of the reader in parallel")
    int prefetchSegments() default 3;

    @AttributeDefinition(description = "Fetch segments up to this many seconds of audio ahead of the playback position")
    double bufferAheadSeconds() default 30;

    @AttributeDefinition(description = "Stop fetching ahead once this many bytes wait unread")
    long lookAheadBytes() default 8L << 20;

    @AttributeDefinition(description = "Origins besides the playlist's own (https://host[:port]) that get the caller's"
            + " request headers")
    String[] trustedOrigins() default {};

    @AttributeDefinition(description = "Let an https playlist name http segments, keys and playlists")
    boolean allowHttpsToHttp() default false;

    @AttributeDefinition(description = "Let a playlist from a public address name loopback, link-local or private"
            + " addresses")
    boolean allowPrivateAddresses() default false;
}
